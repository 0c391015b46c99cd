package dev.ferry.api.metadata;

import dev.ferry.api.artifact.Digest;
import java.time.Instant;

/**
 * Metadata of a stored artifact.
 *
 * @param logicalType what it is to Ferry: dataset, model, profile, report, file, directory...
 */
public record ArtifactRecord(
        Digest digest,
        String logicalType,
        String mediaType,
        long size,
        boolean directory,
        Instant createdAt) {}
