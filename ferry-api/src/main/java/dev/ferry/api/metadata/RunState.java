package dev.ferry.api.metadata;

/** Where a run is in its life. */
public enum RunState {
    PENDING,
    RUNNING,
    /** Waiting for {@code ferry approve} on a suspended step. */
    SUSPENDED,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** A terminal state cannot change except by {@code ferry resume}. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
