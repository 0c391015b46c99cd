package dev.ferry.core.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A directory created the first time a step asks for it: most built-in steps never touch their work
 * or checkpoint directory, and directory operations are what a no-op step would otherwise spend its
 * time on.
 */
final class LazyDirectory {
    private final Path path;
    private volatile boolean created;

    LazyDirectory(Path path) {
        this.path = path;
    }

    Path get() {
        if (!created) {
            try {
                Files.createDirectories(path);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create " + path + ": " + e.getMessage(), e);
            }
            created = true;
        }
        return path;
    }
}
