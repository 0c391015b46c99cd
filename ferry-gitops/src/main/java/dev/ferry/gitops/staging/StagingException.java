package dev.ferry.gitops.staging;

import dev.ferry.gitops.repository.GitOpsException;

/** The staging gate cannot run as configured (a bad sample file, a missing deployment). */
public class StagingException extends GitOpsException {
    public StagingException(String message) {
        super(message);
    }
}
