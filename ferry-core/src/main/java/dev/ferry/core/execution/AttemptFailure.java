package dev.ferry.core.execution;

import dev.ferry.api.FerryException;
import java.util.Optional;

/** An attempt did not succeed: it failed, ran out of time, or was cancelled. */
public class AttemptFailure extends FerryException {

    /** Why the attempt ended; only {@link #FAILED} and {@link #TIMED_OUT} may be retried. */
    public enum Reason {
        FAILED,
        TIMED_OUT,
        CANCELLED
    }

    private final Reason reason;
    private final Integer exitCode;

    public AttemptFailure(Reason reason, String message, Optional<Integer> exitCode) {
        super(message);
        this.reason = reason;
        this.exitCode = exitCode.orElse(null);
    }

    public AttemptFailure(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.exitCode = null;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<Integer> exitCode() {
        return Optional.ofNullable(exitCode);
    }
}
