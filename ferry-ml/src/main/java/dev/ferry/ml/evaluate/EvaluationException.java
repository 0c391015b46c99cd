package dev.ferry.ml.evaluate;

import dev.ferry.api.step.StepException;

/** A model could not be evaluated, or it failed its gate; the message says which and why. */
public class EvaluationException extends StepException {
    public EvaluationException(String message) {
        super(message);
    }

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }
}
