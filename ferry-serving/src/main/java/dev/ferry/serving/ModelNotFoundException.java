package dev.ferry.serving;

/** The model or version does not exist in the repository (404). */
public final class ModelNotFoundException extends ServingException {
    public ModelNotFoundException(String message) {
        super(message);
    }

    public ModelNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.NOT_FOUND;
    }
}
