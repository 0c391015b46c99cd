package dev.ferry.api.deployment;

import java.util.List;

/**
 * Cumulative counters of one predictor (or the shadow) of a served deployment since it was first
 * routed. Callers compare two snapshots to judge a window, so counters only grow while the
 * predictor keeps its name and version.
 *
 * @param predictor the predictor's name ({@link #SHADOW} for the shadow)
 * @param version the version answering for it
 * @param requests requests answered or failed
 * @param errors requests that failed with a server-side error (5xx); a caller's bad request is not
 *     the model's fault and is not counted
 * @param latencyBucketsMillis upper bounds of the latency histogram buckets, ascending, in
 *     milliseconds; the last is {@code Double.POSITIVE_INFINITY}
 * @param latencyCounts requests per bucket (not cumulative across buckets), same length as the
 *     bounds
 * @param agreed for the shadow: requests whose answer equalled the primary's; 0 for predictors
 * @param compared for the shadow: requests whose answer could be compared with the primary's
 */
public record PredictorStats(
        String predictor,
        VersionKey version,
        long requests,
        long errors,
        List<Double> latencyBucketsMillis,
        List<Long> latencyCounts,
        long agreed,
        long compared) {
    /** The predictor name the shadow's statistics are reported under. */
    public static final String SHADOW = "shadow";

    public PredictorStats {
        latencyBucketsMillis = List.copyOf(latencyBucketsMillis);
        latencyCounts = List.copyOf(latencyCounts);
        if (latencyBucketsMillis.size() != latencyCounts.size()) {
            throw new IllegalArgumentException("latency bounds and counts differ in length");
        }
    }
}
