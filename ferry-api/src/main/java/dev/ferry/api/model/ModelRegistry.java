package dev.ferry.api.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Versioned store of trained models: immutable versions numbered per model, and aliases (such as
 * {@code champion}) that point at versions. Every model reference ({@code name@3}, {@code
 * name@champion}, {@code name@latest}) resolves through it.
 */
public interface ModelRegistry {

    /**
     * Records a new immutable version of {@code request.model()} and returns it with its number
     * (one more than the highest so far, starting at 1).
     */
    ModelVersion register(ModelRegistration request);

    /** The version a reference means, or empty if the model, version or alias is unknown. */
    Optional<ModelVersion> resolve(ModelRef ref);

    /**
     * The version a reference means.
     *
     * @throws ModelNotFoundException naming what is missing
     */
    default ModelVersion require(ModelRef ref) {
        return resolve(ref)
                .orElseThrow(
                        () ->
                                new ModelNotFoundException(
                                        "no model version matches '"
                                                + ref
                                                + "'; list them with 'ferry models list'"));
    }

    /** Every registered model, by name. */
    List<ModelSummary> models();

    /** Every version of a model, oldest first; empty if the model is unknown. */
    List<ModelVersion> versions(String model);

    /**
     * Points {@code alias} of {@code model} at {@code version}, moving it if it pointed elsewhere.
     *
     * @throws ModelNotFoundException if the version does not exist
     * @throws ModelRegistryException if the alias is {@code latest} or not a valid alias name
     */
    ModelVersion setAlias(String model, String alias, int version);

    /**
     * Points {@code alias} at {@code version} only if the model has no such alias yet; returns
     * whether it did. Atomic: of two racing callers exactly one wins.
     */
    boolean setAliasIfAbsent(String model, String alias, int version);

    /** Removes an alias; returns whether it existed. */
    boolean removeAlias(String model, String alias);

    /** The aliases of a model and the version each points at. */
    Map<String, Integer> aliases(String model);
}
