package dev.ferry.core.execution;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;

/** Removes scratch trees, including the read-only inputs materialized into them. */
final class Directories {
    private Directories() {}

    /**
     * Removes a scratch tree on a virtual thread: on some file systems removing directories takes
     * milliseconds each, which a step's caller should not wait for.
     */
    static void deleteLater(Path root) {
        Thread.ofVirtual()
                .name("cleanup")
                .start(
                        () -> {
                            try {
                                deleteTree(root);
                            } catch (UncheckedIOException e) {
                                System.getLogger(Directories.class.getName())
                                        .log(System.Logger.Level.WARNING, e.getMessage(), e);
                            }
                        });
    }

    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try {
            Files.walkFileTree(
                    root,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) {
                            // Materialized inputs are read-only; their entries can only be
                            // removed once their directory is writable again.
                            dir.toFile().setWritable(true, true);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            Files.delete(file);
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult postVisitDirectory(Path dir, IOException e)
                                throws IOException {
                            if (e != null) {
                                throw e;
                            }
                            Files.delete(dir);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + root + ": " + e.getMessage(), e);
        }
    }
}
