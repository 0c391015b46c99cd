package dev.ferry.api.pipeline;

import java.time.Duration;

/**
 * {@code retry: {limit, backoff, factor}}: up to {@code limit} extra attempts, waiting {@code
 * backoff * factor^(n-1)} before attempt n+1.
 */
public record RetrySpec(int limit, Duration backoff, double factor) {
    public static final RetrySpec NONE = new RetrySpec(0, Duration.ZERO, 1.0);

    /** The wait before retry number {@code retry} (1-based). */
    public Duration delayBefore(int retry) {
        double millis = backoff.toMillis() * Math.pow(factor, Math.max(0, retry - 1));
        return Duration.ofMillis((long) Math.min(millis, Duration.ofHours(1).toMillis()));
    }
}
