package dev.ferry.serving;

/** The model is not ready, the queue is full or the request timed out (503). */
public final class UnavailableException extends ServingException {
    public UnavailableException(String message) {
        super(message);
    }

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public ErrorKind kind() {
        return ErrorKind.UNAVAILABLE;
    }
}
