package dev.ferry.bench.serving;

import java.util.Arrays;
import java.util.List;

/** One load run: throughput and latency percentiles, plus how many requests failed. */
record Measurement(double requestsPerSecond, double p50Millis, double p99Millis, long failures) {

    /** The element-wise median of repeated runs (failures summed, so none hide). */
    static Measurement median(List<Measurement> runs) {
        return new Measurement(
                median(runs.stream().mapToDouble(Measurement::requestsPerSecond).toArray()),
                median(runs.stream().mapToDouble(Measurement::p50Millis).toArray()),
                median(runs.stream().mapToDouble(Measurement::p99Millis).toArray()),
                runs.stream().mapToLong(Measurement::failures).sum());
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
