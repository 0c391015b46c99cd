package dev.ferry.api.deployment;

import java.util.Optional;

/**
 * Automatic decisions about a release.
 *
 * @param onErrorRate what to do when too many requests fail
 * @param onLatency what to do when answers are too slow
 * @param rollbackable whether this release may be rolled back; when not (e.g. callers already
 *     depend on its new outputs), {@code ferry rollback} refuses it and a rollback rule only alerts
 */
public record ReleasePolicy(
        Optional<ErrorRateRule> onErrorRate,
        Optional<LatencyRule> onLatency,
        boolean rollbackable) {

    /** A policy of a release that may be rolled back. */
    public ReleasePolicy(Optional<ErrorRateRule> onErrorRate, Optional<LatencyRule> onLatency) {
        this(onErrorRate, onLatency, true);
    }

    /** No automatic decisions. */
    public static ReleasePolicy none() {
        return new ReleasePolicy(Optional.empty(), Optional.empty());
    }

    /** Whether any rule is set. */
    public boolean hasRules() {
        return onErrorRate.isPresent() || onLatency.isPresent();
    }
}
