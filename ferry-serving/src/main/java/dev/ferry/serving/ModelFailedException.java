package dev.ferry.serving;

/** The model failed while predicting, or the server hit a bug (500). */
public final class ModelFailedException extends ServingException {
    public ModelFailedException(String message) {
        super(message);
    }

    public ModelFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INTERNAL;
    }
}
