package dev.ferry.serving.batching;

import java.util.List;

/**
 * How requests are grouped: up to {@code maxBatchSize} rows per call, closing a batch early at a
 * preferred size, waiting at most {@code maxQueueDelayMicros} for more rows; at most {@code
 * maxQueueSize} requests wait.
 */
public record BatchingPolicy(
        int maxBatchSize,
        List<Integer> preferredBatchSizes,
        long maxQueueDelayMicros,
        int maxQueueSize) {
    public BatchingPolicy {
        preferredBatchSizes = List.copyOf(preferredBatchSizes);
        if (maxBatchSize < 1 || maxQueueSize < 1 || maxQueueDelayMicros < 0) {
            throw new IllegalArgumentException(
                    "batching needs maxBatchSize >= 1, maxQueueSize >= 1 and a delay >= 0");
        }
    }
}
