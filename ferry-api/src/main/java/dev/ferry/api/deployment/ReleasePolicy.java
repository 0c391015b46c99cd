package dev.ferry.api.deployment;

import java.util.Optional;

/**
 * Automatic decisions about a release.
 *
 * @param onErrorRate what to do when too many requests fail
 * @param onLatency what to do when answers are too slow
 */
public record ReleasePolicy(Optional<ErrorRateRule> onErrorRate, Optional<LatencyRule> onLatency) {

    /** No automatic decisions. */
    public static ReleasePolicy none() {
        return new ReleasePolicy(Optional.empty(), Optional.empty());
    }
}
