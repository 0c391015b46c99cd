package dev.ferry.core.lineage;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.ArtifactRecord;
import java.util.Optional;

/** An artifact in a lineage graph, with its metadata when the store has a record of it. */
public record ArtifactNode(Digest digest, Optional<ArtifactRecord> record) {}
