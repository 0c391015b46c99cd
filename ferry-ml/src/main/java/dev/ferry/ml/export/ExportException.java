package dev.ferry.ml.export;

import dev.ferry.api.step.StepException;

/** A model could not be written as, or read from, an ONNX graph. */
public class ExportException extends StepException {
    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
