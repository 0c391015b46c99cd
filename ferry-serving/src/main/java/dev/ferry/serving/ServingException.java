package dev.ferry.serving;

import dev.ferry.api.FerryException;

/**
 * Root of the inference server's errors. Its {@link #kind()} picks the REST status and gRPC code;
 * its message is what the client sees in {@code {"error": "..."}}.
 */
public abstract sealed class ServingException extends FerryException
        permits InvalidRequestException,
                ModelNotFoundException,
                UnavailableException,
                UnsupportedException,
                ModelFailedException,
                ModelLoadException {

    protected ServingException(String message) {
        super(message);
    }

    protected ServingException(String message, Throwable cause) {
        super(message, cause);
    }

    /** What class of error this is. */
    public abstract ErrorKind kind();
}
