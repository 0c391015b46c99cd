package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.PredictorStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What one predictor did between two snapshots of its cumulative statistics: requests, errors and
 * the latency histogram of the window. A counter that went down (the server restarted, or the
 * predictor changed version) starts the window from zero.
 *
 * @param requests requests in the window
 * @param errors server-side failures in the window
 * @param bucketsMillis upper bounds of the latency buckets
 * @param counts requests per bucket in the window
 */
public record Window(long requests, long errors, List<Double> bucketsMillis, List<Long> counts) {
    public Window {
        bucketsMillis = List.copyOf(bucketsMillis);
        counts = List.copyOf(counts);
    }

    /** Nothing happened. */
    public static Window empty() {
        return new Window(0, 0, List.of(), List.of());
    }

    /** The window from {@code before} (absent: from zero) to {@code after}. */
    public static Window between(PredictorStats before, PredictorStats after) {
        boolean reset =
                before == null
                        || !before.version().equals(after.version())
                        || after.requests() < before.requests()
                        || after.errors() < before.errors()
                        || !before.latencyBucketsMillis().equals(after.latencyBucketsMillis());
        if (reset) {
            return new Window(
                    after.requests(),
                    after.errors(),
                    after.latencyBucketsMillis(),
                    after.latencyCounts());
        }
        List<Long> counts = new ArrayList<>();
        for (int i = 0; i < after.latencyCounts().size(); i++) {
            counts.add(Math.max(0, after.latencyCounts().get(i) - before.latencyCounts().get(i)));
        }
        return new Window(
                after.requests() - before.requests(),
                after.errors() - before.errors(),
                after.latencyBucketsMillis(),
                counts);
    }

    /** The windows of every predictor in {@code after}, by predictor name. */
    public static Map<String, Window> between(
            Map<String, PredictorStats> before, Map<String, PredictorStats> after) {
        Map<String, Window> windows = new java.util.LinkedHashMap<>();
        after.forEach((name, stats) -> windows.put(name, between(before.get(name), stats)));
        return windows;
    }

    /** Adds two windows with the same buckets (or one empty). */
    public Window plus(Window other) {
        if (counts.isEmpty()) {
            return other;
        }
        if (other.counts.isEmpty()) {
            return this;
        }
        List<Long> sum = new ArrayList<>();
        for (int i = 0; i < counts.size(); i++) {
            sum.add(counts.get(i) + (i < other.counts.size() ? other.counts.get(i) : 0));
        }
        return new Window(requests + other.requests, errors + other.errors, bucketsMillis, sum);
    }

    /** The share of failed requests; 0 without requests. */
    public double errorRate() {
        return requests == 0 ? 0 : (double) errors / requests;
    }

    /**
     * The latency quantile in milliseconds, interpolated linearly inside the bucket that reaches it
     * (as Prometheus' {@code histogram_quantile} does); 0 without requests. A quantile in the last,
     * unbounded bucket reports that bucket's lower bound.
     */
    public double quantileMillis(double q) {
        long total = counts.stream().mapToLong(Long::longValue).sum();
        if (total == 0) {
            return 0;
        }
        double rank = q * total;
        long seen = 0;
        for (int i = 0; i < counts.size(); i++) {
            long c = counts.get(i);
            double lower = i == 0 ? 0 : bucketsMillis.get(i - 1);
            double upper = bucketsMillis.get(i);
            if (seen + c >= rank && c > 0) {
                if (Double.isInfinite(upper)) {
                    return lower;
                }
                return lower + (upper - lower) * ((rank - seen) / c);
            }
            seen += c;
        }
        return bucketsMillis.isEmpty() ? 0 : bucketsMillis.get(Math.max(0, counts.size() - 2));
    }
}
