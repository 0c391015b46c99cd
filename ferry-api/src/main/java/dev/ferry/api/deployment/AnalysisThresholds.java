package dev.ferry.api.deployment;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A deployment's own canary analysis thresholds ({@code spec.rollout.analysis}); each one left out
 * is the reconciler's default.
 *
 * @param minRequests the canary requests a window needs before it is judged
 * @param maxErrorRateIncrease how far the canary's error rate may exceed stable's, as a fraction
 *     (0.01 is one percentage point)
 * @param maxLatencyRatio the canary's latency quantile may be up to this multiple of stable's ...
 * @param maxLatencyIncrease ... or this much slower, whichever allows more
 * @param latencyQuantile which latency quantile is compared, e.g. 0.99
 */
public record AnalysisThresholds(
        OptionalLong minRequests,
        OptionalDouble maxErrorRateIncrease,
        OptionalDouble maxLatencyRatio,
        Optional<Duration> maxLatencyIncrease,
        OptionalDouble latencyQuantile) {

    /** No threshold of its own: the reconciler's defaults throughout. */
    public static AnalysisThresholds none() {
        return new AnalysisThresholds(
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                OptionalDouble.empty());
    }

    /** Whether no threshold is set. */
    public boolean isEmpty() {
        return equals(none());
    }
}
