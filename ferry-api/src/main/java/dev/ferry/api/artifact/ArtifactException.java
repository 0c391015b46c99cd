package dev.ferry.api.artifact;

import dev.ferry.api.FerryException;

/** An artifact could not be stored, found or verified. */
public class ArtifactException extends FerryException {
    public ArtifactException(String message) {
        super(message);
    }

    public ArtifactException(String message, Throwable cause) {
        super(message, cause);
    }
}
