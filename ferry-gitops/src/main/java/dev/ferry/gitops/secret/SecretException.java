package dev.ferry.gitops.secret;

import dev.ferry.gitops.repository.GitOpsException;

/** A sealed secret or a sealing key cannot be read, written or opened. Never carries plaintext. */
public class SecretException extends GitOpsException {
    public SecretException(String message) {
        super(message);
    }
}
