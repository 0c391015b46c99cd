package dev.ferry.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The Git commit the project is at, read straight from {@code .git} (no git binary needed), so a
 * run records which code it ran.
 */
final class CodeVersion {
    private CodeVersion() {}

    static Optional<String> detect(Path dir) {
        for (Path d = dir.toAbsolutePath(); d != null; d = d.getParent()) {
            Path git = d.resolve(".git");
            if (Files.isDirectory(git)) {
                return read(git);
            }
            if (Files.isRegularFile(git)) {
                // A worktree: ".git" is a file saying "gitdir: <path>".
                Path base = d;
                return text(git)
                        .filter(t -> t.startsWith("gitdir: "))
                        .map(t -> base.resolve(t.substring(8).trim()))
                        .flatMap(CodeVersion::read);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path gitDir) {
        Optional<String> head = text(gitDir.resolve("HEAD"));
        if (head.isEmpty()) {
            return Optional.empty();
        }
        String h = head.get();
        if (!h.startsWith("ref: ")) {
            return Optional.of(h);
        }
        String ref = h.substring(5).trim();
        Path common =
                text(gitDir.resolve("commondir"))
                        .map(c -> gitDir.resolve(c).normalize())
                        .orElse(gitDir);
        return text(gitDir.resolve(ref))
                .or(() -> text(common.resolve(ref)))
                .or(() -> packed(common, ref));
    }

    private static Optional<String> packed(Path gitDir, String ref) {
        try {
            Path packed = gitDir.resolve("packed-refs");
            if (!Files.isRegularFile(packed)) {
                return Optional.empty();
            }
            return Files.readAllLines(packed).stream()
                    .filter(l -> l.endsWith(" " + ref))
                    .map(l -> l.substring(0, l.indexOf(' ')))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<String> text(Path file) {
        try {
            return Files.isRegularFile(file)
                    ? Optional.of(Files.readString(file).trim()).filter(s -> !s.isEmpty())
                    : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
