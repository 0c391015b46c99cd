package dev.ferry.api.model;

import dev.ferry.api.artifact.Digest;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link ModelRegistry#register} records as a new version.
 *
 * @param model the model's name (a valid {@link ModelRef} name)
 * @param artifacts the model's files, the one to serve first
 * @param signature inputs and outputs, read from the model itself
 * @param metrics evaluation metrics (accuracy, f1_macro, rmse...)
 * @param profile digest of the reference data profile of the training data, if known
 * @param lineage where the model came from
 * @param description free text for humans; may be empty
 */
public record ModelRegistration(
        String model,
        List<ModelArtifact> artifacts,
        ModelSignature signature,
        Map<String, Double> metrics,
        Optional<Digest> profile,
        ModelLineage lineage,
        String description) {
    public ModelRegistration {
        try {
            new ModelRef(model, new ModelRef.Latest());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ModelRegistryException(String.valueOf(e.getMessage()));
        }
        artifacts = List.copyOf(artifacts);
        if (artifacts.isEmpty()) {
            throw new ModelRegistryException(
                    "a model version needs at least one artifact (the model file)");
        }
        Objects.requireNonNull(signature, "signature");
        metrics = Map.copyOf(metrics);
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(lineage, "lineage");
        description = description == null ? "" : description;
    }
}
