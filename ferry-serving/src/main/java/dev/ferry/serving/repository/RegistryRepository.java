package dev.ferry.serving.repository;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.serving.ModelLoadException;
import dev.ferry.serving.ModelNotFoundException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        RegisteredFiles.place(artifacts, version, dir);
        return new ModelFiles(
                RegisteredFiles.config(name, version),
                List.of(
                        new ModelFiles.VersionFiles(
                                version.version(),
                                dir,
                                version.primaryArtifact().digest().toString())));
    }
}
