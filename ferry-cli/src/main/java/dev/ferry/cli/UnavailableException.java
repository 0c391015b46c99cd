package dev.ferry.cli;

import dev.ferry.api.FerryException;

/** Something Ferry needs from its environment is not there (exit code 3). */
public class UnavailableException extends FerryException {
    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
