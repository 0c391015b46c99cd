package dev.ferry.core.metadata;

import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/** SQL for the {@code runs} and {@code run_params} tables. */
final class RunTable {
    private static final String COLUMNS =
            "id, pipeline, manifest_path, manifest_digest, code_version, params, state,"
                    + " created_at, finished_at, message, engine";

    private final JsonColumns json;

    RunTable(JsonColumns json) {
        this.json = json;
    }

    void insert(Handle h, RunRecord run) {
        h.createUpdate(
                        "INSERT INTO runs ("
                                + COLUMNS
                                + ") VALUES (:id, :pipeline, :manifestPath,"
                                + " :manifestDigest, :codeVersion, CAST(:params AS <json>), :state,"
                                + " :createdAt, :finishedAt, :message, :engine)")
                .bind("id", run.id())
                .bind("pipeline", run.pipeline())
                .bind("manifestPath", run.manifestPath())
                .bind("manifestDigest", run.manifestDigest())
                .bind("codeVersion", run.codeVersion().orElse(null))
                .bind("params", json.write(run.params()))
                .bind("state", run.state().name())
                .bind("createdAt", Micros.of(run.createdAt()))
                .bind("finishedAt", Micros.of(run.finishedAt()))
                .bind("message", run.message().orElse(null))
                .bind("engine", run.engine().orElse(null))
                .execute();
        for (Map.Entry<String, Object> param : run.params().entrySet()) {
            h.createUpdate(
                            "INSERT INTO run_params (run_id, name, value)"
                                    + " VALUES (:runId, :name, CAST(:value AS <json>))")
                    .bind("runId", run.id())
                    .bind("name", param.getKey())
                    .bind("value", json.write(param.getValue()))
                    .execute();
        }
    }

    void updateState(Handle h, String runId, RunState state, Optional<String> message, Instant at) {
        int updated =
                h.createUpdate(
                                "UPDATE runs SET state = :state, finished_at = :finishedAt,"
                                        + " message = :message WHERE id = :id")
                        .bind("id", runId)
                        .bind("state", state.name())
                        .bind("finishedAt", state.isTerminal() ? Micros.of(at) : null)
                        .bind("message", message.orElse(null))
                        .execute();
        requireOne(updated, runId);
    }

    void updateEngine(Handle h, String runId, String engine) {
        int updated =
                h.createUpdate("UPDATE runs SET engine = :engine WHERE id = :id")
                        .bind("id", runId)
                        .bind("engine", engine)
                        .execute();
        requireOne(updated, runId);
    }

    Optional<RunRecord> find(Handle h, String idOrPrefix) {
        if (idOrPrefix.isBlank()) {
            throw new MetadataException("a run id (or a prefix of one) is required");
        }
        Optional<RunRecord> exact =
                h.createQuery("SELECT " + COLUMNS + " FROM runs WHERE id = :id")
                        .bind("id", idOrPrefix)
                        .map((rs, ctx) -> map(rs))
                        .findOne();
        if (exact.isPresent()) {
            return exact;
        }
        List<RunRecord> matches =
                h.createQuery(
                                "SELECT "
                                        + COLUMNS
                                        + " FROM runs WHERE id LIKE :pattern ESCAPE '!'"
                                        + " ORDER BY created_at DESC, id DESC LIMIT 6")
                        .bind("pattern", escapeLike(idOrPrefix) + "%")
                        .map((rs, ctx) -> map(rs))
                        .list();
        if (matches.size() > 1) {
            throw new MetadataException(
                    "run id prefix '"
                            + idOrPrefix
                            + "' is ambiguous: it matches "
                            + String.join(
                                    ", ", matches.stream().limit(5).map(RunRecord::id).toList())
                            + (matches.size() > 5 ? " and more" : "")
                            + "; type more of the id");
        }
        return matches.stream().findFirst();
    }

    List<RunRecord> list(Handle h, int limit) {
        return h.createQuery(
                        "SELECT "
                                + COLUMNS
                                + " FROM runs ORDER BY created_at DESC, id DESC LIMIT :limit")
                .bind("limit", limit)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    private RunRecord map(ResultSet rs) throws SQLException {
        return new RunRecord(
                rs.getString("id"),
                rs.getString("pipeline"),
                rs.getString("manifest_path"),
                rs.getString("manifest_digest"),
                Optional.ofNullable(rs.getString("code_version")),
                json.readMap(rs.getString("params")),
                RunState.valueOf(rs.getString("state")),
                Micros.get(rs, "created_at"),
                Micros.getOptional(rs, "finished_at"),
                Optional.ofNullable(rs.getString("message")),
                Optional.ofNullable(rs.getString("engine")));
    }

    static void requireOne(int updated, String runId) {
        if (updated == 0) {
            throw new MetadataException("no run with id '" + runId + "'");
        }
    }

    private static String escapeLike(String text) {
        return text.replace("!", "!!").replace("%", "!%").replace("_", "!_");
    }
}
