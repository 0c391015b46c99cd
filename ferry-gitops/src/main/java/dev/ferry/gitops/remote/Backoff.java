package dev.ferry.gitops.remote;

import java.time.Duration;

/**
 * Exponential backoff for an unreachable remote: the first retry after {@code initial}, each next
 * one after twice as long, never longer than {@code max}; a blocking operation gives up after
 * {@code attempts} tries.
 *
 * @param initial the delay before the first retry
 * @param max the longest delay
 * @param attempts how many tries a blocking operation makes in all
 */
public record Backoff(Duration initial, Duration max, int attempts) {
    public Backoff {
        if (initial.isNegative() || max.compareTo(initial) < 0 || attempts < 1) {
            throw new IllegalArgumentException(
                    "backoff needs 0 <= initial <= max and at least one attempt, got "
                            + initial
                            + ", "
                            + max
                            + ", "
                            + attempts);
        }
    }

    /** 1 s, 2 s, 4 s, 8 s: five tries in about 15 s. */
    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5);
    }

    /** The delay after the {@code failures}-th failure in a row (1-based). */
    public Duration delayAfter(int failures) {
        Duration d = initial;
        for (int i = 1; i < failures && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }
}
