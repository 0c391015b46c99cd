package dev.ferry.core.engine;

import dev.ferry.api.metadata.RunRecord;
import java.time.Duration;
import java.util.Optional;

/** A run an engine is driving. */
public interface RunHandle {

    String runId();

    /** Blocks until the run ends and returns its final record. */
    RunRecord await();

    /** Waits at most {@code timeout}; empty if the run is still going. */
    Optional<RunRecord> await(Duration timeout);

    /**
     * Cancels the run: running processes are killed, nothing new starts, and the run is recorded
     * CANCELLED. Returns at once; {@link #await()} returns when everything has stopped.
     */
    void cancel();
}
