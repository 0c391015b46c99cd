package dev.ferry.gitops.promotion;

import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.GitOpsException;

/** The staging branch already declares what a promotion asks for. */
public class NothingToPromoteException extends GitOpsException {
    private final transient CommitInfo head;

    public NothingToPromoteException(String message, CommitInfo head) {
        super(message);
        this.head = head;
    }

    /** The staging commit that already declares it. */
    public CommitInfo head() {
        return head;
    }
}
