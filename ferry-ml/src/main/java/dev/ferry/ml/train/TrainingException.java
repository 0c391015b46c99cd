package dev.ferry.ml.train;

import dev.ferry.api.step.StepException;

/** Training could not run: a bad hyperparameter, an unusable label or feature column. */
public class TrainingException extends StepException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
