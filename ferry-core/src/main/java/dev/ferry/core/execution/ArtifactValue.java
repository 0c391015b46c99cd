package dev.ferry.core.execution;

import dev.ferry.api.artifact.Digest;

/**
 * An artifact flowing between steps as a value: downstream steps receive it materialized, the cache
 * key sees its digest.
 *
 * @param digest the artifact's content address
 * @param logicalType what it is (dataset, model, file, directory...)
 * @param mediaType its media type, e.g. {@code application/octet-stream}
 */
public record ArtifactValue(Digest digest, String logicalType, String mediaType) {

    /** The digest, so an artifact interpolated into text reads as its address. */
    @Override
    public String toString() {
        return digest.toString();
    }
}
