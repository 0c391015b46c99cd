package dev.ferry.serving;

/**
 * A model version could not be loaded: a broken {@code config.pbtxt}, missing or invalid model
 * files, or no runtime for them (400 when asked for through the repository API).
 */
public final class ModelLoadException extends ServingException {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.INVALID_REQUEST;
    }
}
