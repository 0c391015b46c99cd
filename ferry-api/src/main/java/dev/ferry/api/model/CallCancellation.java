package dev.ferry.api.model;

/**
 * Lets the server stop one running model call from another thread. The runtime attaches what stops
 * its call with {@link #onCancel} and detaches it before the call's resources serve another call,
 * so a late cancel never reaches a call it was not meant for.
 */
public final class CallCancellation {
    private Runnable action;
    private boolean requested;

    /**
     * Runs {@code action} when the call is cancelled, at once if it already was; {@code null}
     * detaches. Once this returns with {@code null}, no earlier action runs any more.
     */
    public synchronized void onCancel(Runnable action) {
        this.action = action;
        if (requested && action != null) {
            action.run();
        }
    }

    /** Asks the call to stop soon; may be called more than once. */
    public synchronized void cancel() {
        requested = true;
        if (action != null) {
            action.run();
        }
    }

    /** Whether {@link #cancel} was called. */
    public synchronized boolean requested() {
        return requested;
    }
}
