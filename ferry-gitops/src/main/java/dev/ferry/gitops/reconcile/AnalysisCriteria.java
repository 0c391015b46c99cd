package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.AnalysisThresholds;
import java.time.Duration;

/**
 * When a canary step passes: enough requests reached the canary, its error rate is not much above
 * the stable predictor's, and its latency quantile is not much slower. The reconciler holds one set
 * as its default ({@code ferry reconcile --min-requests} sets its request count); a deployment's
 * {@code rollout.analysis} overrides it field by field.
 *
 * @param minRequests the canary requests a window needs before it is judged
 * @param maxErrorRateIncrease how far (absolute, 0..1) the canary's error rate may exceed stable's
 * @param latencyQuantile which latency quantile is compared, e.g. 0.99
 * @param maxLatencyRatio the canary's quantile may be up to this multiple of stable's ...
 * @param latencySlack ... or this much slower, whichever allows more (sub-millisecond models jitter
 *     by whole milliseconds)
 */
public record AnalysisCriteria(
        long minRequests,
        double maxErrorRateIncrease,
        double latencyQuantile,
        double maxLatencyRatio,
        Duration latencySlack) {

    /** At least 20 requests; +1 point of errors; p99 at most 2x or 50 ms slower. */
    public static AnalysisCriteria defaults() {
        return new AnalysisCriteria(20, 0.01, 0.99, 2.0, Duration.ofMillis(50));
    }

    /** A copy needing {@code n} canary requests per window. */
    public AnalysisCriteria withMinRequests(long n) {
        return new AnalysisCriteria(
                n, maxErrorRateIncrease, latencyQuantile, maxLatencyRatio, latencySlack);
    }

    /** These criteria with each threshold {@code own} sets taking the place of this one's. */
    public AnalysisCriteria overriddenBy(AnalysisThresholds own) {
        return new AnalysisCriteria(
                own.minRequests().orElse(minRequests),
                own.maxErrorRateIncrease().orElse(maxErrorRateIncrease),
                own.latencyQuantile().orElse(latencyQuantile),
                own.maxLatencyRatio().orElse(maxLatencyRatio),
                own.maxLatencyIncrease().orElse(latencySlack));
    }
}
