package dev.ferry.core.engine;

import dev.ferry.api.FerryException;

/** A run could not be started, resumed, approved or cancelled as asked. */
public class EngineException extends FerryException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
