package dev.ferry.core.cache;

import dev.ferry.core.execution.ArtifactValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Computes cache keys: SHA-256 over the canonical encoding of a step's definition, its resolved
 * inputs, the digests of its input artifacts, its environment and its matrix point.
 */
public final class CacheKeys {
    /** Bumped whenever the encoding changes, so old keys can never match new ones. */
    private static final String FORMAT = "ferry-cache-key/v1";

    private final CanonicalJson canonical = new CanonicalJson();

    /** The key of one step attempt, without looking at files its inputs name. */
    public CacheKey of(
            StepDefinition definition,
            Map<String, Object> inputs,
            Map<String, String> env,
            Map<String, Object> matrix) {
        return of(definition, inputs, env, matrix, Optional.empty());
    }

    /**
     * The key of one step attempt. An input whose text names an existing regular file (relative to
     * {@code workingDirectory}) also contributes that file's content digest as {@code file:NAME},
     * so editing a data file given by name re-runs the step that reads it.
     */
    public CacheKey of(
            StepDefinition definition,
            Map<String, Object> inputs,
            Map<String, String> env,
            Map<String, Object> matrix,
            Optional<Path> workingDirectory) {
        SortedMap<String, String> components = new TreeMap<>();
        switch (definition) {
            case StepDefinition.Builtin b -> {
                components.put("uses", b.uses());
                components.put("version", b.version());
            }
            case StepDefinition.Process p -> {
                components.put("run", canonical.encode(p.argv()));
                for (String file : p.code()) {
                    components.put("code:" + file, digestOf(p.baseDir(), file));
                }
            }
        }
        inputs.forEach(
                (name, value) ->
                        components.put(
                                (containsArtifact(value) ? "artifact:" : "input:") + name,
                                canonical.encode(value)));
        workingDirectory.ifPresent(
                dir ->
                        inputs.forEach(
                                (name, value) ->
                                        namedFiles(dir, value)
                                                .ifPresent(
                                                        d -> components.put("file:" + name, d))));
        env.forEach((name, value) -> components.put("env:" + name, value));
        matrix.forEach((axis, value) -> components.put("matrix:" + axis, canonical.encode(value)));
        return new CacheKey(hash(components), components);
    }

    private static String hash(SortedMap<String, String> components) {
        MessageDigest sha = sha256();
        sha.update(FORMAT.getBytes(StandardCharsets.UTF_8));
        components.forEach(
                (name, value) -> {
                    field(sha, name);
                    field(sha, value);
                });
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    // Length-prefixed so that no pair of components can be rearranged into the same bytes.
    private static void field(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update((bytes.length + ":").getBytes(StandardCharsets.UTF_8));
        sha.update(bytes);
    }

    // Only regular files: a text such as "." must never make the key hash a whole directory tree.
    private static Optional<String> namedFiles(Path dir, Object value) {
        List<String> names =
                switch (value) {
                    case String text -> List.of(text);
                    case List<?> list when list.stream().allMatch(String.class::isInstance) ->
                            list.stream().map(String.class::cast).toList();
                    default -> List.of();
                };
        List<String> files = new java.util.ArrayList<>();
        for (String name : names) {
            Path path;
            try {
                path = dir.resolve(name).normalize();
            } catch (java.nio.file.InvalidPathException e) {
                return Optional.empty();
            }
            if (name.isBlank() || !Files.isRegularFile(path)) {
                return Optional.empty();
            }
            files.add(digestOf(dir, name));
        }
        return files.isEmpty() ? Optional.empty() : Optional.of(String.join(",", files));
    }

    private static String digestOf(Path baseDir, String file) {
        Path path = baseDir.resolve(file).normalize();
        if (!Files.exists(path)) {
            throw new CacheException(
                    "code file '"
                            + file
                            + "' does not exist (looked in "
                            + baseDir
                            + "); fix the step's code: list");
        }
        MessageDigest sha = sha256();
        try {
            if (Files.isDirectory(path)) {
                List<Path> files;
                try (Stream<Path> walk = Files.walk(path)) {
                    files = walk.filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    field(sha, path.relativize(f).toString().replace('\\', '/'));
                    update(sha, f);
                }
            } else {
                update(sha, path);
            }
        } catch (IOException e) {
            throw new CacheException("cannot read code file '" + file + "': " + e.getMessage(), e);
        }
        return "sha256:" + HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, Path file) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = Files.newInputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                sha.update(buffer, 0, n);
            }
        }
    }

    private static boolean containsArtifact(Object value) {
        return switch (value) {
            case ArtifactValue a -> true;
            case Iterable<?> items -> {
                for (Object item : items) {
                    if (containsArtifact(item)) {
                        yield true;
                    }
                }
                yield false;
            }
            case Map<?, ?> map -> containsArtifact(map.values());
            case null, default -> false;
        };
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
