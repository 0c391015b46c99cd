package dev.ferry.api.deployment;

import java.time.Duration;

/**
 * How requests are grouped before they reach the model.
 *
 * @param maxBatchSize at most this many requests per batch
 * @param maxDelay how long the first request of a batch may wait for others
 */
public record Batching(int maxBatchSize, Duration maxDelay) {}
