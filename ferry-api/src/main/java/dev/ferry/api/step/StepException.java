package dev.ferry.api.step;

import dev.ferry.api.FerryException;

/** A step failed for a reason its user can fix (bad input, failed gate, bad data). */
public class StepException extends FerryException {
    public StepException(String message) {
        super(message);
    }

    public StepException(String message, Throwable cause) {
        super(message, cause);
    }
}
