package dev.ferry.api.metadata;

import dev.ferry.api.artifact.Digest;

/** An artifact flowing into (INPUT) or out of (OUTPUT) a step run under a name. */
public record LineageEdge(
        Digest artifact, String runId, String stepRunId, Direction direction, String name) {

    /** Which way the artifact flows relative to the step run. */
    public enum Direction {
        INPUT,
        OUTPUT
    }
}
