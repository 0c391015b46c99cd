package dev.ferry.api.metadata;

import dev.ferry.api.artifact.Digest;

/** A named output of a step run: an artifact, or a plain JSON value. */
public sealed interface StepOutput {
    String name();

    /** An artifact output. */
    record ArtifactOutput(String name, Digest digest, String logicalType, String mediaType)
            implements StepOutput {}

    /** A value output (number, string, boolean, list or map). */
    record ValueOutput(String name, Object value) implements StepOutput {}
}
