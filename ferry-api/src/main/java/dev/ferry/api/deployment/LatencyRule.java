package dev.ferry.api.deployment;

import java.time.Duration;

/**
 * Acts when a latency quantile stays above a threshold.
 *
 * @param quantile which quantile to watch, e.g. 0.99
 * @param above the latency limit
 * @param sustained how long it must stay above before acting
 * @param action what to do
 */
public record LatencyRule(
        double quantile, Duration above, Duration sustained, PolicyAction action) {}
