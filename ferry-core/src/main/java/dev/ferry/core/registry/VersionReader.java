package dev.ferry.core.registry;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelVersion;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jdbi.v3.core.Handle;

/** Reads one model version, with its artifacts, metrics and aliases, from the registry tables. */
final class VersionReader {
    private final RegistryJson json;

    VersionReader(RegistryJson json) {
        this.json = json;
    }

    Optional<ModelVersion> read(Handle handle, String model, int version) {
        List<ModelArtifact> artifacts =
                handle.createQuery(
                                "SELECT name, digest, format FROM model_version_artifacts WHERE"
                                        + " model = :model AND version = :version ORDER BY"
                                        + " ordinal")
                        .bind("model", model)
                        .bind("version", version)
                        .map(
                                (rs, ctx) ->
                                        new ModelArtifact(
                                                rs.getString("name"),
                                                Digest.parse(rs.getString("digest")),
                                                rs.getString("format")))
                        .list();
        Map<String, Double> metrics = new LinkedHashMap<>();
        handle.createQuery(
                        "SELECT name, metric_value FROM model_version_metrics WHERE model = :model"
                                + " AND version = :version ORDER BY name")
                .bind("model", model)
                .bind("version", version)
                .map((rs, ctx) -> Map.entry(rs.getString("name"), rs.getDouble("metric_value")))
                .forEach(e -> metrics.put(e.getKey(), e.getValue()));
        TreeSet<String> aliases = new TreeSet<>();
        aliases(handle, model)
                .forEach(
                        (alias, v) -> {
                            if (v == version) {
                                aliases.add(alias);
                            }
                        });
        return handle.createQuery(
                        "SELECT * FROM model_versions WHERE model = :model AND version = :version")
                .bind("model", model)
                .bind("version", version)
                .map(
                        (rs, ctx) -> {
                            String profile = rs.getString("profile_digest");
                            ModelLineage lineage =
                                    new ModelLineage(
                                            rs.getString("run_id"),
                                            rs.getString("step_name"),
                                            json.data(rs.getString("data_json")),
                                            json.parameters(rs.getString("parameters_json")),
                                            Optional.ofNullable(rs.getString("code_version")));
                            ModelRegistration registration =
                                    new ModelRegistration(
                                            model,
                                            artifacts,
                                            json.signature(rs.getString("signature_json")),
                                            metrics,
                                            Optional.ofNullable(profile).map(Digest::parse),
                                            lineage,
                                            rs.getString("description"));
                            return new ModelVersion(
                                    registration,
                                    version,
                                    Instant.ofEpochMilli(rs.getLong("created_at")),
                                    aliases);
                        })
                .findOne();
    }

    Map<String, Integer> aliases(Handle handle, String model) {
        Map<String, Integer> aliases = new TreeMap<>();
        handle.createQuery(
                        "SELECT alias, version FROM model_aliases WHERE model = :model ORDER BY"
                                + " alias")
                .bind("model", model)
                .map((rs, ctx) -> Map.entry(rs.getString("alias"), rs.getInt("version")))
                .forEach(e -> aliases.put(e.getKey(), e.getValue()));
        return aliases;
    }
}
