package dev.ferry.gitops.repository;

import dev.ferry.api.FerryException;

/** Something went wrong with the desired-state repository or a change written to it. */
public class GitOpsException extends FerryException {

    public GitOpsException(String message) {
        super(message);
    }

    public GitOpsException(String message, Throwable cause) {
        super(message, cause);
    }
}
