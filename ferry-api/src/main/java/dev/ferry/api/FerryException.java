package dev.ferry.api;

/**
 * Root of every exception Ferry throws on purpose; its message is written for the user to act on.
 */
public class FerryException extends RuntimeException {
    public FerryException(String message) {
        super(message);
    }

    public FerryException(String message, Throwable cause) {
        super(message, cause);
    }
}
