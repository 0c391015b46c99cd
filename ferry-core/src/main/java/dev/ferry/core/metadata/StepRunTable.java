package dev.ferry.core.metadata;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** SQL for the {@code step_runs} and {@code step_outputs} tables. */
final class StepRunTable {
    private static final String COLUMNS =
            "id, run_id, step_name, matrix_index, matrix, attempt, state, inputs, cache_key,"
                    + " cached_from, started_at, finished_at, exit_code, message";

    private final JsonColumns json;

    StepRunTable(JsonColumns json) {
        this.json = json;
    }

    void insert(Handle h, StepRunRecord s) {
        Update insert =
                h.createUpdate(
                        "INSERT INTO step_runs ("
                                + COLUMNS
                                + ") VALUES (:id, :runId, :stepName, :matrixIndex,"
                                + " CAST(:matrix AS <json>), :attempt, :state,"
                                + " CAST(:inputs AS <json>), :cacheKey, :cachedFrom, :startedAt,"
                                + " :finishedAt, :exitCode, :message)");
        bindMutable(insert, s)
                .bind("runId", s.runId())
                .bind("stepName", s.stepName())
                .bind("matrixIndex", s.matrixIndex())
                .bind("matrix", json.write(s.matrix()))
                .bind("attempt", s.attempt())
                .bind("inputs", json.write(s.inputs()))
                .execute();
    }

    void update(Handle h, StepRunRecord s) {
        Update update =
                h.createUpdate(
                        "UPDATE step_runs SET state = :state, cache_key = :cacheKey,"
                                + " cached_from = :cachedFrom, started_at = :startedAt,"
                                + " finished_at = :finishedAt, exit_code = :exitCode,"
                                + " message = :message, inputs = CAST(:inputs AS <json>)"
                                + " WHERE id = :id");
        int updated = bindMutable(update, s).bind("inputs", json.write(s.inputs())).execute();
        if (updated == 0) {
            throw new MetadataException(
                    "no step run with id '" + s.id() + "' (insert it before updating it)");
        }
    }

    private static Update bindMutable(Update update, StepRunRecord s) {
        return update.bind("id", s.id())
                .bind("state", s.state().name())
                .bind("cacheKey", s.cacheKey().orElse(null))
                .bind("cachedFrom", s.cachedFrom().orElse(null))
                .bind("startedAt", Micros.of(s.startedAt()))
                .bind("finishedAt", Micros.of(s.finishedAt()))
                .bind("exitCode", s.exitCode().orElse(null))
                .bind("message", s.message().orElse(null));
    }

    void insertOutputs(Handle h, String stepRunId, Collection<StepOutput> outputs) {
        int position = 0;
        for (StepOutput output : outputs) {
            Update insert =
                    h.createUpdate(
                                    "INSERT INTO step_outputs (step_run_id, position, name, digest,"
                                            + " logical_type, media_type, value) VALUES"
                                            + " (:stepRunId, :position, :name, :digest,"
                                            + " :logicalType, :mediaType, CAST(:value AS <json>))")
                            .bind("stepRunId", stepRunId)
                            .bind("position", position++)
                            .bind("name", output.name());
            switch (output) {
                case StepOutput.ArtifactOutput a ->
                        insert.bind("digest", a.digest().toString())
                                .bind("logicalType", a.logicalType())
                                .bind("mediaType", a.mediaType())
                                .bind("value", (String) null);
                case StepOutput.ValueOutput v ->
                        insert.bind("digest", (String) null)
                                .bind("logicalType", (String) null)
                                .bind("mediaType", (String) null)
                                .bind("value", json.write(v.value()));
            }
            insert.execute();
        }
    }

    List<StepRunRecord> ofRun(Handle h, String runId) {
        return h.createQuery(
                        "SELECT " + COLUMNS + " FROM step_runs WHERE run_id = :runId ORDER BY seq")
                .bind("runId", runId)
                .map((rs, ctx) -> map(rs))
                .list();
    }

    Optional<StepRunRecord> find(Handle h, String stepRunId) {
        return h.createQuery("SELECT " + COLUMNS + " FROM step_runs WHERE id = :id")
                .bind("id", stepRunId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    List<StepOutput> outputs(Handle h, String stepRunId) {
        return h.createQuery(
                        "SELECT name, digest, logical_type, media_type, value FROM step_outputs"
                                + " WHERE step_run_id = :id ORDER BY position")
                .bind("id", stepRunId)
                .map((rs, ctx) -> mapOutput(rs))
                .list();
    }

    Optional<StepRunRecord> findCached(Handle h, String cacheKey) {
        return h.createQuery(
                        "SELECT "
                                + COLUMNS
                                + " FROM step_runs WHERE cache_key = :key AND state = 'SUCCEEDED'"
                                + " ORDER BY finished_at DESC, seq DESC LIMIT 1")
                .bind("key", cacheKey)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    Optional<StepRunRecord> previousAttempt(
            Handle h, String pipeline, String stepName, String beforeRunId) {
        return h.createQuery(
                        "SELECT s."
                                + COLUMNS.replace(", ", ", s.")
                                + " FROM step_runs s JOIN runs r ON r.id = s.run_id"
                                + " WHERE r.pipeline = :pipeline AND s.step_name = :step"
                                + " AND s.cache_key IS NOT NULL"
                                + " AND s.state IN ('SUCCEEDED', 'FAILED', 'CACHED')"
                                + " AND r.id <> :before AND r.created_at <="
                                + " (SELECT created_at FROM runs WHERE id = :before)"
                                + " ORDER BY r.created_at DESC, s.seq DESC LIMIT 1")
                .bind("pipeline", pipeline)
                .bind("step", stepName)
                .bind("before", beforeRunId)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    private StepRunRecord map(ResultSet rs) throws SQLException {
        int exitCode = rs.getInt("exit_code");
        Optional<Integer> exit = rs.wasNull() ? Optional.empty() : Optional.of(exitCode);
        return new StepRunRecord(
                rs.getString("id"),
                rs.getString("run_id"),
                rs.getString("step_name"),
                rs.getInt("matrix_index"),
                json.readMap(rs.getString("matrix")),
                rs.getInt("attempt"),
                StepState.valueOf(rs.getString("state")),
                json.readMap(rs.getString("inputs")),
                Optional.ofNullable(rs.getString("cache_key")),
                Optional.ofNullable(rs.getString("cached_from")),
                Micros.getOptional(rs, "started_at"),
                Micros.getOptional(rs, "finished_at"),
                exit,
                Optional.ofNullable(rs.getString("message")));
    }

    private StepOutput mapOutput(ResultSet rs) throws SQLException {
        String digest = rs.getString("digest");
        if (digest != null) {
            return new StepOutput.ArtifactOutput(
                    rs.getString("name"),
                    Digest.parse(digest),
                    rs.getString("logical_type"),
                    rs.getString("media_type"));
        }
        return new StepOutput.ValueOutput(
                rs.getString("name"), json.readValue(rs.getString("value")));
    }
}
