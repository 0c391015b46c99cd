package dev.ferry.core.artifact;

import java.nio.file.Path;

/** Validates the relative paths inside a directory artifact, so none can escape its target. */
final class TreePaths {
    private TreePaths() {}

    /** Returns {@code path} if it is a clean relative {@code /}-separated path, else throws. */
    static String checkRelative(String path) {
        if (path.isEmpty() || path.startsWith("/") || path.endsWith("/")) {
            throw new IllegalArgumentException("'" + path + "' is not a relative path");
        }
        if (path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0 || path.indexOf('\0') >= 0) {
            throw new IllegalArgumentException(
                    "'" + path.replace("\n", "\\n") + "' contains a line break or NUL");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException(
                        "'" + path + "' has an empty, '.' or '..' segment");
            }
        }
        return path;
    }

    /** The {@code /}-separated form of {@code file} relative to {@code root}. */
    static String relative(Path root, Path file) {
        StringBuilder out = new StringBuilder();
        for (Path segment : root.relativize(file)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(segment);
        }
        return out.toString();
    }

    /** Resolves a checked relative path under {@code root}. */
    static Path resolve(Path root, String path) {
        Path resolved = root;
        for (String segment : checkRelative(path).split("/")) {
            resolved = resolved.resolve(segment);
        }
        return resolved;
    }
}
