package dev.ferry.gitops.repository;

/**
 * The repository's layout is wrong or contradicts what was asked: an invalid {@code
 * ferry-gitops.yaml}, a branch or directory that cannot be used, or another layout than the
 * recorded one.
 */
public class LayoutException extends GitOpsException {

    public LayoutException(String message) {
        super(message);
    }
}
