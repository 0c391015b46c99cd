package dev.ferry.core.engine;

import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import java.util.List;

/**
 * Follows a run as it happens, e.g. the CLI's live progress view. Called from engine threads:
 * implementations must be thread-safe and quick.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {};

    /** The run started (or resumed); {@code steps} in plan order. */
    default void runStarted(RunRecord run, List<String> steps) {}

    /**
     * A step attempt changed state: RUNNING, then SUCCEEDED, FAILED, CACHED, SKIPPED, SUSPENDED or
     * CANCELLED. A retry shows up as a new attempt.
     */
    default void stepChanged(StepRunRecord step) {}

    /** A metric point arrived from a running step. */
    default void metric(StepRunRecord step, MetricPoint point) {}

    /** The run reached SUCCEEDED, FAILED, CANCELLED, or SUSPENDED with nothing else to do. */
    default void runFinished(RunRecord run) {}
}
