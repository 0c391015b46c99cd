package dev.ferry.client;

import dev.ferry.api.FerryException;

/** A call the server refused or that could not reach it; carries the server's message. */
public class InferenceClientException extends FerryException {
    private final Failure failure;
    private final String status;

    public InferenceClientException(Failure failure, String status, String message) {
        super(message);
        this.failure = failure;
        this.status = status;
    }

    public InferenceClientException(String message, Throwable cause) {
        super(message, cause);
        this.failure = Failure.OTHER;
        this.status = "";
    }

    /** What kind of failure this was. */
    public Failure failure() {
        return failure;
    }

    /** The transport's own status: an HTTP code such as {@code 400}, or a gRPC code name. */
    public String status() {
        return status;
    }
}
