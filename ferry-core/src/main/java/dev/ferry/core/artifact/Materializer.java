package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import dev.ferry.api.artifact.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

/**
 * Copies an artifact out of the store, read-only, verifying every byte. The copy is built beside
 * the target and renamed into place, so the target appears complete or not at all.
 */
final class Materializer {
    private final BlobDirectory blobs;

    Materializer(BlobDirectory blobs) {
        this.blobs = blobs;
    }

    void materialize(Digest digest, boolean directory, Path target) {
        Path absolute = target.toAbsolutePath();
        Path staging =
                absolute.resolveSibling(
                        "." + absolute.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            Files.createDirectories(absolute.getParent());
            if (directory) {
                buildTree(digest, staging);
            } else {
                copyBlob(digest, -1, staging);
                FilePermissions.makeReadOnly(staging, false);
            }
            Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            removeQuietly(staging);
            throw new ArtifactException(
                    "cannot materialize " + digest + " at " + target + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            removeQuietly(staging);
            throw e;
        }
    }

    private void buildTree(Digest digest, Path staging) throws IOException {
        TreeManifest manifest;
        try (InputStream in = blobs.open(digest)) {
            manifest = TreeManifest.parse(in, digest);
        }
        Files.createDirectory(staging);
        List<Path> directories = new ArrayList<>();
        directories.add(staging);
        for (TreeManifest.Entry entry : manifest.entries()) {
            Path path = TreePaths.resolve(staging, entry.path());
            switch (entry) {
                case TreeManifest.DirectoryEntry d -> {
                    Files.createDirectories(path);
                    directories.add(path);
                }
                case TreeManifest.FileEntry f -> {
                    Files.createDirectories(path.getParent());
                    if (!blobs.exists(f.digest())) {
                        throw new ArtifactException(
                                "directory artifact "
                                        + digest
                                        + " is incomplete: its file "
                                        + f.path()
                                        + " ("
                                        + f.digest()
                                        + ") is missing from the store");
                    }
                    copyBlob(f.digest(), f.size(), path);
                    FilePermissions.makeReadOnly(path, f.executable());
                }
            }
        }
        // Deepest first: a read-only parent would refuse the child's permission change.
        directories.sort(Comparator.comparingInt(Path::getNameCount).reversed());
        for (Path dir : directories) {
            FilePermissions.makeReadOnly(dir, true);
        }
    }

    private void copyBlob(Digest digest, long expectedSize, Path target) throws IOException {
        long copied;
        try (InputStream in = blobs.open(digest)) {
            copied = Files.copy(in, target);
        }
        if (expectedSize >= 0 && copied != expectedSize) {
            throw new ArtifactException(
                    "blob " + digest + " holds " + copied + " bytes, expected " + expectedSize);
        }
    }

    /** Removes a half-built copy, restoring write permission where needed. */
    private static void removeQuietly(Path staging) {
        if (!Files.exists(staging)) {
            return;
        }
        try {
            Files.walkFileTree(
                    staging,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path dir, BasicFileAttributes attrs) throws IOException {
                            FilePermissions.makeWritableDirectory(dir);
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
                            Files.delete(dir);
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            // The staging name starts with '.', is unique, and never becomes the target.
        }
    }
}
