package dev.ferry.api.metadata;

/** Where one step attempt is in its life. */
public enum StepState {
    PENDING,
    RUNNING,
    SUCCEEDED,
    FAILED,
    /** Outputs reused from an earlier identical step run. */
    CACHED,
    /** Not run: its {@code if:} was false or an upstream step did not succeed. */
    SKIPPED,
    /** Waiting for approval. */
    SUSPENDED,
    CANCELLED;

    /** Whether the step's outputs are available to downstream steps. */
    public boolean producedOutputs() {
        return this == SUCCEEDED || this == CACHED;
    }

    public boolean isTerminal() {
        return this != PENDING && this != RUNNING && this != SUSPENDED;
    }
}
