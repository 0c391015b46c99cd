package dev.ferry.serving.repository;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.serving.ModelLoadException;
import dev.ferry.serving.ModelNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves registered model versions ({@code mnist@champion}, {@code fraud@3}): each reference is
 * resolved through the registry on every read, and the version's artifacts are materialized once
 * into {@code <cache>/<model>/<version>/} in Triton's layout. In poll mode an alias that moves to
 * another version is swapped in like a new version directory.
 */
public final class RegistryRepository implements ModelRepository {
    private final ModelRegistry registry;
    private final ArtifactStore artifacts;
    private final Path cache;
    private final Map<String, ModelRef> refs = new LinkedHashMap<>();

    /** Serves {@code refs} (one per model name), caching model files under {@code cache}. */
    public RegistryRepository(
            ModelRegistry registry, ArtifactStore artifacts, Path cache, List<ModelRef> refs) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.cache = cache;
        for (ModelRef ref : refs) {
            ModelRef previous =
                    refs.stream()
                            .filter(r -> r != ref && r.name().equals(ref.name()))
                            .findFirst()
                            .orElse(null);
            if (previous != null) {
                throw new ModelLoadException(
                        "model '"
                                + ref.name()
                                + "' is given twice ("
                                + previous
                                + " and "
                                + ref
                                + ")");
            }
            this.refs.put(ref.name(), ref);
        }
    }

    @Override
    public String location() {
        return "model registry " + refs.values();
    }

    @Override
    public List<String> modelNames() {
        return List.copyOf(refs.keySet());
    }

    @Override
    public ModelFiles read(String name) {
        ModelRef ref = refs.get(name);
        if (ref == null) {
            throw new ModelNotFoundException(
                    "no model '" + name + "' among the served references " + refs.values());
        }
        ModelVersion version =
                registry.resolve(ref)
                        .orElseThrow(
                                () ->
                                        new ModelNotFoundException(
                                                "no registered model version matches '"
                                                        + ref
                                                        + "'"));
        Path dir = cache.resolve(name).resolve(Integer.toString(version.version()));
        if (!Files.isDirectory(dir)) {
            materialize(version, dir);
        }
        ModelConfig config =
                new ModelConfig(
                        name,
                        Optional.of(runtimeFor(version.primaryArtifact())),
                        0,
                        version.signature().inputs(),
                        version.signature().outputs(),
                        new VersionPolicy.Specific(Set.of((long) version.version())),
                        Optional.empty(),
                        1,
                        Map.of(),
                        Optional.of(fileName(version.primaryArtifact())));
        return new ModelFiles(
                config,
                List.of(
                        new ModelFiles.VersionFiles(
                                version.version(),
                                dir,
                                version.primaryArtifact().digest().toString())));
    }

    private void materialize(ModelVersion version, Path dir) {
        Path staging =
                dir.resolveSibling(
                        ".staging-" + dir.getFileName() + "-" + ProcessHandle.current().pid());
        try {
            Files.createDirectories(staging);
            for (ModelArtifact a : version.artifacts()) {
                artifacts.materialize(a.digest(), staging.resolve(fileName(a)));
            }
            // The whole version appears at once, so a concurrent reader never sees half of it.
            Files.move(staging, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            if (Files.isDirectory(dir)) {
                // Another reader placed the same version first; its copy is as good as ours.
                deleteTree(staging, e);
                return;
            }
            throw new ModelLoadException(
                    "cannot place " + version.ref() + " in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path root, IOException cause) {
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            cause.addSuppressed(e);
            throw new ModelLoadException("cannot remove " + root + ": " + e.getMessage(), cause);
        }
    }

    private static String runtimeFor(ModelArtifact a) {
        return switch (a.format()) {
            case ModelArtifact.ONNX -> "onnxruntime";
            case ModelArtifact.XGBOOST_UBJ -> "xgboost";
            default -> a.format();
        };
    }

    private static String fileName(ModelArtifact a) {
        return switch (a.format()) {
            case ModelArtifact.ONNX -> "model.onnx";
            case ModelArtifact.XGBOOST_UBJ -> "model.ubj";
            default -> a.name();
        };
    }
}
