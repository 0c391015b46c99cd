package dev.ferry.gitops.repository;

import java.util.Optional;

/**
 * One file written or deleted by a commit.
 *
 * @param path the path inside the repository, e.g. {@code deployments/mnist.yaml}
 * @param content the new bytes, or empty to delete the file
 */
public record FileChange(String path, Optional<byte[]> content) {

    public static FileChange write(String path, byte[] content) {
        return new FileChange(path, Optional.of(content.clone()));
    }

    public static FileChange delete(String path) {
        return new FileChange(path, Optional.empty());
    }
}
