package dev.ferry.api.model;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, numbered version of a registered model, with the aliases that point at it now.
 *
 * @param registration what was recorded
 * @param version its number within the model, from 1
 * @param createdAt when it was registered
 * @param aliases the aliases pointing at it when it was read
 */
public record ModelVersion(
        ModelRegistration registration, int version, Instant createdAt, Set<String> aliases) {
    public ModelVersion {
        aliases = Set.copyOf(aliases);
    }

    public String model() {
        return registration.model();
    }

    /** The reference that names exactly this version, e.g. {@code mnist@3}. */
    public ModelRef ref() {
        return new ModelRef(model(), new ModelRef.Version(version));
    }

    /** The file to serve. */
    public ModelArtifact primaryArtifact() {
        return registration.artifacts().getFirst();
    }

    public List<ModelArtifact> artifacts() {
        return registration.artifacts();
    }

    public ModelSignature signature() {
        return registration.signature();
    }

    public Map<String, Double> metrics() {
        return registration.metrics();
    }

    public ModelLineage lineage() {
        return registration.lineage();
    }
}
