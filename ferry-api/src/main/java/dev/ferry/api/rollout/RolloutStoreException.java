package dev.ferry.api.rollout;

import dev.ferry.api.FerryException;

/** The rollout store could not read or write; the message names the database and the record. */
public class RolloutStoreException extends FerryException {

    public RolloutStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
