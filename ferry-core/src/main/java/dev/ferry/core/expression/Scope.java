package dev.ferry.core.expression;

import java.util.Optional;

/**
 * The values an expression is evaluated against. The engine implements it for each step (and each
 * matrix point); tests implement it with maps.
 */
public interface Scope {

    /**
     * The value behind a reference: numbers, strings, booleans, lists, maps or objects such as an
     * artifact reference. Empty when the reference has no value here; evaluation then fails with a
     * message naming the reference and its location.
     */
    Optional<Object> lookup(Reference reference);

    /**
     * Whether a step this one depends on failed; drives {@code success()} and {@code failure()}.
     */
    default boolean upstreamFailed() {
        return false;
    }

    /** Whether the run is being cancelled; drives {@code cancelled()}. */
    default boolean cancelled() {
        return false;
    }
}
