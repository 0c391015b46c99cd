package dev.ferry.api.metadata;

import dev.ferry.api.FerryException;

/** The metadata store could not be reached, migrated, read or written. */
public class MetadataException extends FerryException {
    public MetadataException(String message) {
        super(message);
    }

    public MetadataException(String message, Throwable cause) {
        super(message, cause);
    }
}
