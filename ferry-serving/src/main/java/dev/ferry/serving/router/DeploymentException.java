package dev.ferry.serving.router;

import dev.ferry.api.deployment.ServingTargetException;

/**
 * A deployment action the server refused or could not complete; {@link #reason()} gives the admin
 * API's HTTP status, the message says what to do.
 */
public final class DeploymentException extends ServingTargetException {
    private final Reason reason;

    /** An action that failed for {@code reason}. */
    public DeploymentException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    /** An action that failed for {@code reason}, caused by {@code cause}. */
    public DeploymentException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** Why the action failed. */
    public Reason reason() {
        return reason;
    }

    /** The classes of failure, with the admin API's HTTP status for each. */
    public enum Reason {
        /** The request is malformed (bad weights, names or JSON). */
        INVALID(400),
        /** No such registered model version or deployment. */
        NOT_FOUND(404),
        /**
         * The action contradicts the current state (routing to an unloaded version, unloading a
         * routed one).
         */
        CONFLICT(409),
        /** The model version could not be loaded; the message has the runtime's reason. */
        LOAD_FAILED(422),
        /** The action did not finish in time; it goes on and a repeated call sees its result. */
        TIMED_OUT(504);

        private final int httpStatus;

        Reason(int httpStatus) {
            this.httpStatus = httpStatus;
        }

        /** The admin API's HTTP status. */
        public int httpStatus() {
            return httpStatus;
        }
    }
}
