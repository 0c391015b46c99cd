package dev.ferry.core.artifact;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/** Read-only and writable permission sets for stored and materialized files. */
final class FilePermissions {
    private static final Set<PosixFilePermission> READ_ONLY =
            PosixFilePermissions.fromString("r--r--r--");
    private static final Set<PosixFilePermission> READ_EXECUTE =
            PosixFilePermissions.fromString("r-xr-xr-x");
    private static final Set<PosixFilePermission> WRITABLE_DIRECTORY =
            PosixFilePermissions.fromString("rwxr-xr-x");

    private FilePermissions() {}

    /** Makes a file (or, with {@code traversable}, a directory or executable) read-only. */
    static void makeReadOnly(Path path, boolean traversable) throws IOException {
        if (isPosix(path)) {
            Files.setPosixFilePermissions(path, traversable ? READ_EXECUTE : READ_ONLY);
        } else if (!path.toFile().setReadOnly()) {
            throw new IOException("cannot make " + path + " read-only");
        }
    }

    /** Lets the owner change a directory again, so a half-built tree can be removed. */
    static void makeWritableDirectory(Path dir) throws IOException {
        if (isPosix(dir)) {
            Files.setPosixFilePermissions(dir, WRITABLE_DIRECTORY);
        } else if (!dir.toFile().setWritable(true)) {
            throw new IOException("cannot make " + dir + " writable");
        }
    }

    static boolean isExecutable(Path file) throws IOException {
        if (isPosix(file)) {
            return Files.getPosixFilePermissions(file).contains(PosixFilePermission.OWNER_EXECUTE);
        }
        return Files.isExecutable(file);
    }

    private static boolean isPosix(Path path) {
        return Files.getFileAttributeView(path, PosixFileAttributeView.class) != null;
    }
}
