package dev.ferry.serving.hosting;

import java.time.Duration;

/**
 * Server-wide defaults for hosted models, used where a model's configuration says nothing.
 *
 * @param maxQueueSize requests that may wait per model version before the server answers 503
 * @param requestTimeout how long a request may wait and run before it fails with 503
 * @param intraOpThreads threads per model call (0: the runtime decides)
 * @param interOpThreads threads across independent operators (0: the runtime decides)
 */
public record HostingOptions(
        int maxQueueSize, Duration requestTimeout, int intraOpThreads, int interOpThreads) {
    public HostingOptions {
        if (maxQueueSize < 1) {
            throw new IllegalArgumentException("maxQueueSize must be >= 1, got " + maxQueueSize);
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "requestTimeout must be positive, got " + requestTimeout);
        }
    }
}
