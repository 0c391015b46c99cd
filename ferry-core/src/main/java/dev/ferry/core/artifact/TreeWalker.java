package dev.ferry.core.artifact;

import dev.ferry.api.artifact.ArtifactException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Walks a directory (without following links) into manifest entries, storing each file. */
final class TreeWalker {
    private TreeWalker() {}

    static List<TreeManifest.Entry> walk(
            Path dir, Function<Path, BlobDirectory.Written> storeFile) {
        List<TreeManifest.Entry> entries = new ArrayList<>();
        try {
            Files.walkFileTree(
                    dir,
                    new SimpleFileVisitor<>() {
                        @Override
                        public FileVisitResult preVisitDirectory(
                                Path d, BasicFileAttributes attrs) {
                            if (!d.equals(dir)) {
                                entries.add(new TreeManifest.DirectoryEntry(path(dir, d)));
                            }
                            return FileVisitResult.CONTINUE;
                        }

                        @Override
                        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
                                throws IOException {
                            if (!attrs.isRegularFile()) {
                                throw new ArtifactException(
                                        "cannot store "
                                                + dir
                                                + ": "
                                                + file
                                                + " is a symbolic link or special file;"
                                                + " artifacts hold only regular files and"
                                                + " directories");
                            }
                            BlobDirectory.Written written = storeFile.apply(file);
                            entries.add(
                                    new TreeManifest.FileEntry(
                                            path(dir, file),
                                            written.digest(),
                                            written.size(),
                                            FilePermissions.isExecutable(file)));
                            return FileVisitResult.CONTINUE;
                        }
                    });
        } catch (IOException e) {
            throw new ArtifactException("cannot store " + dir + ": " + e.getMessage(), e);
        }
        return entries;
    }

    private static String path(Path root, Path file) {
        String relative = TreePaths.relative(root, file);
        try {
            return TreePaths.checkRelative(relative);
        } catch (IllegalArgumentException e) {
            throw new ArtifactException("cannot store " + file + ": " + e.getMessage());
        }
    }
}
