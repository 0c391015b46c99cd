package dev.ferry.core.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the desired-state repository's source of truth is. Resolved from {@code
 * FERRY_GITOPS_REMOTE} / {@code FERRY_GITOPS_CREDENTIALS}, then the {@code gitops:} section of
 * {@code ferry.yaml}.
 *
 * @param remote the remote URL ({@code https://...}, {@code ssh://...}, {@code USER@HOST:PATH} or
 *     {@code file://...}); empty: the repository in {@code FERRY_HOME} is the desired state, or the
 *     remote recorded by {@code ferry gitops init --remote}
 * @param credentials a sealed secret file holding the remote's token (HTTPS) or private key (SSH)
 */
public record GitOpsSettings(Optional<String> remote, Optional<Path> credentials) {

    /** Nothing configured. */
    public static GitOpsSettings none() {
        return new GitOpsSettings(Optional.empty(), Optional.empty());
    }
}
