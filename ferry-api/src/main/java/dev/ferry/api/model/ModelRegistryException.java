package dev.ferry.api.model;

import dev.ferry.api.FerryException;

/** The model registry refused a request or could not be read or written. */
public class ModelRegistryException extends FerryException {
    public ModelRegistryException(String message) {
        super(message);
    }

    public ModelRegistryException(String message, Throwable cause) {
        super(message, cause);
    }
}
