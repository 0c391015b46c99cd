package dev.ferry.api.model;

import dev.ferry.api.FerryException;

/** A model could not be loaded or failed while predicting. */
public class ModelException extends FerryException {
    public ModelException(String message) {
        super(message);
    }

    public ModelException(String message, Throwable cause) {
        super(message, cause);
    }
}
