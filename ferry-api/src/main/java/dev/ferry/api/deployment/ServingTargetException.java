package dev.ferry.api.deployment;

/** A serving target refused or failed an action; the message says which and why. */
public class ServingTargetException extends RuntimeException {

    public ServingTargetException(String message) {
        super(message);
    }

    public ServingTargetException(String message, Throwable cause) {
        super(message, cause);
    }
}
