package dev.ferry.core.execution;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.LineageEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts an attempt's artifact inputs on disk, read-only, under {@code FERRY_INPUTS/<input name>} (a
 * list of artifacts becomes {@code <name>/0}, {@code <name>/1}...; a map {@code <name>/<key>}), and
 * replaces them in the inputs by the paths where they now are.
 */
final class InputMaterializer {
    private final ArtifactStore artifacts;

    InputMaterializer(ArtifactStore artifacts) {
        this.artifacts = artifacts;
    }

    /** The inputs with artifacts replaced by paths, and the lineage edges they imply. */
    record Materialized(Map<String, Object> values, List<LineageEdge> lineage) {}

    Materialized materialize(Attempt attempt, Path inputsDir) {
        Map<String, Object> values = new LinkedHashMap<>();
        Set<LineageEdge> edges = new LinkedHashSet<>();
        for (var entry : attempt.inputs().entrySet()) {
            String name = entry.getKey();
            values.put(
                    name,
                    place(entry.getValue(), inputsDir.resolve(safe(name)), name, attempt, edges));
        }
        return new Materialized(values, new ArrayList<>(edges));
    }

    private Object place(
            Object value, Path target, String name, Attempt attempt, Set<LineageEdge> edges) {
        if (value instanceof ArtifactValue artifact) {
            createParent(target);
            artifacts.materialize(artifact.digest(), target);
            edges.add(
                    new LineageEdge(
                            artifact.digest(),
                            attempt.runId(),
                            attempt.stepRunId(),
                            LineageEdge.Direction.INPUT,
                            name));
            return target;
        }
        if (value instanceof List<?> list && containsArtifact(list)) {
            List<Object> placed = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                placed.add(
                        place(
                                list.get(i),
                                target.resolve(Integer.toString(i)),
                                name,
                                attempt,
                                edges));
            }
            return placed;
        }
        if (value instanceof Map<?, ?> map && containsArtifact(map.values())) {
            Map<String, Object> placed = new LinkedHashMap<>();
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                placed.put(
                        key, place(e.getValue(), target.resolve(safe(key)), name, attempt, edges));
            }
            return placed;
        }
        return value;
    }

    static boolean containsArtifact(Object value) {
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

    private static void createParent(Path target) {
        try {
            Files.createDirectories(target.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + target.getParent(), e);
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
