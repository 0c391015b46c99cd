package dev.ferry.serving.router;

import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.VersionKey;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * The cumulative counters behind one {@link PredictorStats}: requests, server errors, a latency
 * histogram starting at 100 µs (the buckets of the Prometheus request histogram), and for the
 * shadow, agreement with the primary. Contended counters are {@link LongAdder}s.
 */
final class PredictorCounters {
    /** Upper bounds in milliseconds; the last is +Inf. */
    static final double[] BOUNDS_MILLIS = {
        0.1,
        0.25,
        0.5,
        1,
        2.5,
        5,
        10,
        25,
        50,
        100,
        250,
        500,
        1000,
        2500,
        5000,
        10000,
        Double.POSITIVE_INFINITY
    };

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder agreed = new LongAdder();
    private final LongAdder compared = new LongAdder();
    private final LongAdder[] buckets = new LongAdder[BOUNDS_MILLIS.length];

    PredictorCounters() {
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = new LongAdder();
        }
    }

    /** Counts a finished request with its HTTP status; only 5xx counts as the model's error. */
    void record(long nanos, int status) {
        requests.increment();
        if (status >= 500) {
            errors.increment();
        }
        double millis = nanos / 1e6;
        int i = 0;
        while (millis > BOUNDS_MILLIS[i]) {
            i++;
        }
        buckets[i].increment();
    }

    /** Counts a shadow answer compared with the primary's. */
    void compared(boolean agrees) {
        compared.increment();
        if (agrees) {
            agreed.increment();
        }
    }

    PredictorStats snapshot(String predictor, VersionKey version) {
        List<Double> bounds = new ArrayList<>(BOUNDS_MILLIS.length);
        List<Long> counts = new ArrayList<>(BOUNDS_MILLIS.length);
        for (int i = 0; i < BOUNDS_MILLIS.length; i++) {
            bounds.add(BOUNDS_MILLIS[i]);
            counts.add(buckets[i].sum());
        }
        return new PredictorStats(
                predictor,
                version,
                requests.sum(),
                errors.sum(),
                bounds,
                counts,
                agreed.sum(),
                compared.sum());
    }
}
