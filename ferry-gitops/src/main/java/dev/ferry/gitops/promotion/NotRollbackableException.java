package dev.ferry.gitops.promotion;

import dev.ferry.gitops.repository.GitOpsException;

/** The promotion a rollback would revert is marked not rollback-able in its manifest. */
public final class NotRollbackableException extends GitOpsException {

    public NotRollbackableException(String message) {
        super(message);
    }
}
