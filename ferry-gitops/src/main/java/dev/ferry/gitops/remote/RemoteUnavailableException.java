package dev.ferry.gitops.remote;

import dev.ferry.gitops.repository.GitOpsException;

/** A fetch or push gave up: the remote stayed unreachable, or it refused. */
public class RemoteUnavailableException extends GitOpsException {
    private final transient RemoteStatus status;

    public RemoteUnavailableException(String message, RemoteStatus status) {
        super(message);
        this.status = status;
    }

    /** The last status seen. */
    public RemoteStatus status() {
        return status;
    }
}
