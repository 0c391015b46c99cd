package dev.ferry.api.model;

/** A model, version or alias named by a reference does not exist. */
public class ModelNotFoundException extends ModelRegistryException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
