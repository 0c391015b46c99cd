package dev.ferry.ml.data;

import dev.ferry.api.step.StepException;

/** Bad or unreadable data: the message names the file, the column or the row to fix. */
public class DataException extends StepException {
    public DataException(String message) {
        super(message);
    }

    public DataException(String message, Throwable cause) {
        super(message, cause);
    }
}
