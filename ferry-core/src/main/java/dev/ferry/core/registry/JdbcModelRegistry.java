package dev.ferry.core.registry;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelNotFoundException;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelRegistryException;
import dev.ferry.api.model.ModelSummary;
import dev.ferry.api.model.ModelVersion;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The model registry on the metadata database (SQLite or PostgreSQL, tables from migration V50),
 * through Jdbi. Versions are numbered inside the registering transaction; when two registrations of
 * one model race, the loser retries with the next number.
 */
public final class JdbcModelRegistry implements ModelRegistry {
    private static final int REGISTER_ATTEMPTS = 8;

    private final Jdbi jdbi;
    private final Clock clock;
    private final RegistryJson json = new RegistryJson();
    private final VersionReader reader = new VersionReader(json);

    public JdbcModelRegistry(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    @Override
    public ModelVersion register(ModelRegistration request) {
        request.metrics()
                .forEach(
                        (name, value) -> {
                            if (!Double.isFinite(value)) {
                                throw new ModelRegistryException(
                                        "metric '"
                                                + name
                                                + "' of model '"
                                                + request.model()
                                                + "' is "
                                                + value
                                                + "; only finite numbers can be"
                                                + " registered");
                            }
                        });
        for (int attempt = 1; ; attempt++) {
            try {
                return jdbi.inTransaction(handle -> insertVersion(handle, request));
            } catch (JdbiException e) {
                if (attempt >= REGISTER_ATTEMPTS || !isConstraintViolation(e)) {
                    throw new ModelRegistryException(
                            "could not register a version of model '"
                                    + request.model()
                                    + "': "
                                    + e.getMessage(),
                            e);
                }
            }
        }
    }

    private ModelVersion insertVersion(Handle handle, ModelRegistration request) {
        Instant now = clock.instant();
        String model = request.model();
        handle.createUpdate(
                        "INSERT INTO registered_models (name, created_at) VALUES (:name, :at)"
                                + " ON CONFLICT (name) DO NOTHING")
                .bind("name", model)
                .bind("at", now.toEpochMilli())
                .execute();
        int version =
                handle.createQuery(
                                "SELECT COALESCE(MAX(version), 0) + 1 FROM model_versions"
                                        + " WHERE model = :model")
                        .bind("model", model)
                        .mapTo(Integer.class)
                        .one();
        ModelLineage lineage = request.lineage();
        handle.createUpdate(
                        "INSERT INTO model_versions (model, version, created_at, signature_json,"
                                + " profile_digest, run_id, step_name, data_json,"
                                + " parameters_json, code_version, description) VALUES (:model,"
                                + " :version, :at, :signature, :profile, :run, :step, :data,"
                                + " :parameters, :code, :description)")
                .bind("model", model)
                .bind("version", version)
                .bind("at", now.toEpochMilli())
                .bind("signature", json.signature(request.signature()))
                .bind("profile", request.profile().map(Digest::toString).orElse(null))
                .bind("run", lineage.runId())
                .bind("step", lineage.stepName())
                .bind("data", json.data(lineage.data()))
                .bind("parameters", json.parameters(lineage.parameters()))
                .bind("code", lineage.codeVersion().orElse(null))
                .bind("description", request.description())
                .execute();
        List<ModelArtifact> artifacts = request.artifacts();
        for (int i = 0; i < artifacts.size(); i++) {
            ModelArtifact artifact = artifacts.get(i);
            handle.createUpdate(
                            "INSERT INTO model_version_artifacts (model, version, ordinal, name,"
                                    + " digest, format) VALUES (:model, :version, :ordinal,"
                                    + " :name, :digest, :format)")
                    .bind("model", model)
                    .bind("version", version)
                    .bind("ordinal", i)
                    .bind("name", artifact.name())
                    .bind("digest", artifact.digest().toString())
                    .bind("format", artifact.format())
                    .execute();
        }
        for (Map.Entry<String, Double> metric : new TreeMap<>(request.metrics()).entrySet()) {
            handle.createUpdate(
                            "INSERT INTO model_version_metrics (model, version, name,"
                                    + " metric_value) VALUES (:model, :version, :name, :value)")
                    .bind("model", model)
                    .bind("version", version)
                    .bind("name", metric.getKey())
                    .bind("value", metric.getValue().doubleValue())
                    .execute();
        }
        return new ModelVersion(
                request, version, Instant.ofEpochMilli(now.toEpochMilli()), Set.of());
    }

    @Override
    public Optional<ModelVersion> resolve(ModelRef ref) {
        return jdbi.withHandle(
                handle -> {
                    Optional<Integer> number =
                            switch (ref.selector()) {
                                case ModelRef.Version v -> Optional.of(v.number());
                                case ModelRef.Alias a ->
                                        handle.createQuery(
                                                        "SELECT version FROM model_aliases WHERE"
                                                                + " model = :model AND alias ="
                                                                + " :alias")
                                                .bind("model", ref.name())
                                                .bind("alias", a.alias())
                                                .mapTo(Integer.class)
                                                .findOne();
                                case ModelRef.Latest l ->
                                        handle.createQuery(
                                                        "SELECT MAX(version) FROM model_versions"
                                                                + " WHERE model = :model")
                                                .bind("model", ref.name())
                                                .mapTo(Integer.class)
                                                .findOne();
                            };
                    return number.flatMap(n -> reader.read(handle, ref.name(), n));
                });
    }

    @Override
    public List<ModelSummary> models() {
        return jdbi.withHandle(
                handle ->
                        handle
                                .createQuery(
                                        "SELECT model, MAX(version) AS latest, COUNT(*) AS"
                                                + " versions, MAX(created_at) AS updated FROM"
                                                + " model_versions GROUP BY model ORDER BY model")
                                .map(
                                        (rs, ctx) ->
                                                new ModelSummary(
                                                        rs.getString("model"),
                                                        rs.getInt("latest"),
                                                        rs.getInt("versions"),
                                                        Map.of(),
                                                        Instant.ofEpochMilli(
                                                                rs.getLong("updated"))))
                                .list()
                                .stream()
                                .map(
                                        s ->
                                                new ModelSummary(
                                                        s.name(),
                                                        s.latestVersion(),
                                                        s.versionCount(),
                                                        reader.aliases(handle, s.name()),
                                                        s.updatedAt()))
                                .toList());
    }

    @Override
    public List<ModelVersion> versions(String model) {
        return jdbi.withHandle(
                handle ->
                        handle
                                .createQuery(
                                        "SELECT version FROM model_versions WHERE model = :model"
                                                + " ORDER BY version")
                                .bind("model", model)
                                .mapTo(Integer.class)
                                .list()
                                .stream()
                                .map(v -> reader.read(handle, model, v).orElseThrow())
                                .toList());
    }

    @Override
    public ModelVersion setAlias(String model, String alias, int version) {
        checkAlias(model, alias);
        return jdbi.inTransaction(
                handle -> {
                    requireVersion(handle, model, version);
                    handle.createUpdate(
                                    "INSERT INTO model_aliases (model, alias, version,"
                                            + " updated_at) VALUES (:model, :alias, :version,"
                                            + " :at) ON CONFLICT (model, alias) DO UPDATE SET"
                                            + " version = excluded.version, updated_at ="
                                            + " excluded.updated_at")
                            .bind("model", model)
                            .bind("alias", alias)
                            .bind("version", version)
                            .bind("at", clock.millis())
                            .execute();
                    return reader.read(handle, model, version).orElseThrow();
                });
    }

    @Override
    public boolean setAliasIfAbsent(String model, String alias, int version) {
        checkAlias(model, alias);
        return jdbi.inTransaction(
                handle -> {
                    requireVersion(handle, model, version);
                    return handle.createUpdate(
                                            "INSERT INTO model_aliases (model, alias, version,"
                                                    + " updated_at) VALUES (:model, :alias,"
                                                    + " :version, :at) ON CONFLICT (model, alias)"
                                                    + " DO NOTHING")
                                    .bind("model", model)
                                    .bind("alias", alias)
                                    .bind("version", version)
                                    .bind("at", clock.millis())
                                    .execute()
                            == 1;
                });
    }

    @Override
    public boolean removeAlias(String model, String alias) {
        return jdbi.withHandle(
                        handle ->
                                handle.createUpdate(
                                                "DELETE FROM model_aliases WHERE model = :model"
                                                        + " AND alias = :alias")
                                        .bind("model", model)
                                        .bind("alias", alias)
                                        .execute())
                > 0;
    }

    @Override
    public Map<String, Integer> aliases(String model) {
        return jdbi.withHandle(handle -> reader.aliases(handle, model));
    }

    private static void checkAlias(String model, String alias) {
        ModelRef ref;
        try {
            ref = ModelRef.parse(model + "@" + alias);
        } catch (IllegalArgumentException e) {
            throw new ModelRegistryException(e.getMessage());
        }
        if (!(ref.selector() instanceof ModelRef.Alias)) {
            throw new ModelRegistryException(
                    "'"
                            + alias
                            + "' cannot be an alias: 'latest' and numbers already mean versions;"
                            + " start an alias with a letter");
        }
    }

    private static void requireVersion(Handle handle, String model, int version) {
        boolean exists =
                handle.createQuery(
                                        "SELECT COUNT(*) FROM model_versions WHERE model = :model"
                                                + " AND version = :version")
                                .bind("model", model)
                                .bind("version", version)
                                .mapTo(Integer.class)
                                .one()
                        > 0;
        if (!exists) {
            throw new ModelNotFoundException(
                    "model '"
                            + model
                            + "' has no version "
                            + version
                            + "; list its versions with 'ferry models show "
                            + model
                            + "'");
        }
    }

    private static boolean isConstraintViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                if (state != null && state.startsWith("23")) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("SQLITE_CONSTRAINT") || message.contains("SQLITE_BUSY")) {
                    return true;
                }
            }
        }
        return false;
    }
}
