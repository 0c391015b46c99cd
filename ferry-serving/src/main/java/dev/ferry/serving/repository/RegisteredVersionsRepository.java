package dev.ferry.serving.repository;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.serving.ModelNotFoundException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Serves exactly the registered model versions it is given: a deployment server adds a version
 * before routing to it and removes it once nothing routes there. Each version keeps its own
 * configuration (runtime, file and signature), since registered versions of one model may differ.
 * Artifacts are materialized once into {@code <cache>/<model>/<version>/}.
 */
public final class RegisteredVersionsRepository implements ModelRepository {
    private final ModelRegistry registry;
    private final ArtifactStore artifacts;
    private final Path cache;
    private final Map<String, NavigableSet<Integer>> wanted = new ConcurrentHashMap<>();

    /** An empty repository over {@code registry}, caching model files under {@code cache}. */
    public RegisteredVersionsRepository(
            ModelRegistry registry, ArtifactStore artifacts, Path cache) {
        this.registry = registry;
        this.artifacts = artifacts;
        this.cache = cache;
    }

    /**
     * Adds a registered version to what the repository offers; throws ModelNotFoundException when
     * the registry has no such version.
     */
    public void add(VersionKey key) {
        resolve(key.model(), key.version());
        wanted.computeIfAbsent(key.model(), k -> new ConcurrentSkipListSet<>()).add(key.version());
    }

    /** Removes a version; a model left without versions leaves the repository. */
    public void remove(VersionKey key) {
        wanted.computeIfPresent(
                key.model(),
                (k, versions) -> {
                    versions.remove(key.version());
                    return versions.isEmpty() ? null : versions;
                });
    }

    /** The versions of {@code model} offered now, ascending. */
    public List<Integer> versions(String model) {
        return List.copyOf(wanted.getOrDefault(model, new TreeSet<>()));
    }

    @Override
    public String location() {
        return "model registry (versions loaded on request)";
    }

    @Override
    public List<String> modelNames() {
        return List.copyOf(new TreeSet<>(wanted.keySet()));
    }

    @Override
    public ModelFiles read(String name) {
        List<Integer> versions = versions(name);
        if (versions.isEmpty()) {
            throw new ModelNotFoundException(
                    "no version of model '" + name + "' is loaded in this deployment server");
        }
        List<ModelFiles.VersionFiles> files = new ArrayList<>();
        ModelVersion highest = null;
        for (int v : versions) {
            ModelVersion version = resolve(name, v);
            Path dir = cache.resolve(name).resolve(Integer.toString(v));
            RegisteredFiles.place(artifacts, version, dir);
            files.add(
                    new ModelFiles.VersionFiles(
                            v,
                            dir,
                            version.primaryArtifact().digest().toString(),
                            Optional.of(RegisteredFiles.config(name, version))));
            highest = version;
        }
        return new ModelFiles(
                RegisteredFiles.config(name, highest, new VersionPolicy.All()), files);
    }

    private ModelVersion resolve(String model, int version) {
        return registry.resolve(new ModelRef(model, new ModelRef.Version(version)))
                .orElseThrow(
                        () ->
                                new ModelNotFoundException(
                                        "no registered model version " + model + "@" + version));
    }
}
