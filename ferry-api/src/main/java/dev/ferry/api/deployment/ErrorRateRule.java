package dev.ferry.api.deployment;

import java.time.Duration;

/**
 * Acts when the share of failed requests stays above a threshold.
 *
 * @param above the error rate, between 0 and 1
 * @param sustained how long it must stay above before acting
 * @param action what to do
 */
public record ErrorRateRule(double above, Duration sustained, PolicyAction action) {}
