package dev.ferry.core.rollout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.api.rollout.RolloutStoreException;
import dev.ferry.api.rollout.SourceStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Rollout records, deployment statuses and source statuses on the metadata database (SQLite or
 * PostgreSQL, tables from migrations V60 and V62), through Jdbi. Writes are upserts, so saving a
 * record again after a restart replaces it rather than failing.
 */
public final class JdbcRolloutStore implements RolloutStore {
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {};
    private static final TypeReference<LinkedHashMap<String, Object>> MAP =
            new TypeReference<>() {};
    private static final String COLUMNS =
            "id, deployment, commit_id, strategy, target, changes_json, step, result, message,"
                    + " evidence_json, started_at, finished_at";

    private final Jdbi jdbi;
    private final ObjectMapper json = new ObjectMapper();

    public JdbcRolloutStore(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void save(RolloutRecord r) {
        String changes = write(r.changes());
        String evidence = write(r.evidence());
        run(
                "save rollout " + r.id() + " of " + r.deployment(),
                h ->
                        h.createUpdate(
                                        "INSERT INTO rollouts ("
                                                + COLUMNS
                                                + ") VALUES (:id, :deployment, :commit, :strategy,"
                                                + " :target, :changes, :step, :result, :message,"
                                                + " :evidence, :started, :finished) ON CONFLICT"
                                                + " (id) DO UPDATE SET commit_id ="
                                                + " excluded.commit_id, strategy ="
                                                + " excluded.strategy, target = excluded.target,"
                                                + " changes_json = excluded.changes_json, step ="
                                                + " excluded.step, result = excluded.result,"
                                                + " message = excluded.message, evidence_json ="
                                                + " excluded.evidence_json, finished_at ="
                                                + " excluded.finished_at")
                                .bind("id", r.id())
                                .bind("deployment", r.deployment())
                                .bind("commit", r.commit())
                                .bind("strategy", r.strategy())
                                .bind("target", r.target())
                                .bind("changes", changes)
                                .bind("step", r.step())
                                .bind("result", r.result().name())
                                .bind("message", r.message())
                                .bind("evidence", evidence)
                                .bind("started", r.startedAt().toEpochMilli())
                                .bind(
                                        "finished",
                                        r.finishedAt().map(Instant::toEpochMilli).orElse(null))
                                .execute());
    }

    @Override
    public Optional<RolloutRecord> find(String id) {
        return run(
                "read rollout " + id,
                h ->
                        h.createQuery("SELECT " + COLUMNS + " FROM rollouts WHERE id = :id")
                                .bind("id", id)
                                .map((rs, ctx) -> record(rs))
                                .findOne());
    }

    @Override
    public List<RolloutRecord> history(String deployment, int limit) {
        return run(
                "read the rollouts of " + deployment,
                h ->
                        h.createQuery(
                                        "SELECT "
                                                + COLUMNS
                                                + " FROM rollouts WHERE deployment = :deployment"
                                                + " ORDER BY started_at DESC, id DESC LIMIT"
                                                + " :limit")
                                .bind("deployment", deployment)
                                .bind("limit", limit)
                                .map((rs, ctx) -> record(rs))
                                .list());
    }

    @Override
    public Optional<DeploymentStatus> status(String deployment) {
        return run(
                "read the status of " + deployment,
                h ->
                        h.createQuery(
                                        "SELECT * FROM deployment_status WHERE deployment ="
                                                + " :deployment")
                                .bind("deployment", deployment)
                                .map((rs, ctx) -> status(rs))
                                .findOne());
    }

    @Override
    public List<DeploymentStatus> statuses() {
        return run(
                "read the deployment statuses",
                h ->
                        h.createQuery("SELECT * FROM deployment_status ORDER BY deployment")
                                .map((rs, ctx) -> status(rs))
                                .list());
    }

    @Override
    public void saveStatus(DeploymentStatus s) {
        run(
                "save the status of " + s.deployment(),
                h ->
                        h.createUpdate(
                                        "INSERT INTO deployment_status (deployment,"
                                                + " applied_commit, suspended, message, updated_at)"
                                                + " VALUES (:deployment, :commit, :suspended,"
                                                + " :message, :at) ON CONFLICT (deployment) DO"
                                                + " UPDATE SET applied_commit ="
                                                + " excluded.applied_commit, suspended ="
                                                + " excluded.suspended, message ="
                                                + " excluded.message, updated_at ="
                                                + " excluded.updated_at")
                                .bind("deployment", s.deployment())
                                .bind("commit", s.appliedCommit().orElse(null))
                                .bind("suspended", s.suspended())
                                .bind("message", s.message())
                                .bind("at", s.updatedAt().toEpochMilli())
                                .execute());
    }

    @Override
    public Optional<SourceStatus> sourceStatus(String source) {
        return run(
                "read the status of source " + source,
                h ->
                        h.createQuery("SELECT * FROM source_status WHERE source = :source")
                                .bind("source", source)
                                .map((rs, ctx) -> source(rs))
                                .findOne());
    }

    @Override
    public List<SourceStatus> sourceStatuses() {
        return run(
                "read the source statuses",
                h ->
                        h.createQuery("SELECT * FROM source_status ORDER BY source")
                                .map((rs, ctx) -> source(rs))
                                .list());
    }

    @Override
    public void saveSourceStatus(SourceStatus s) {
        run(
                "save the status of source " + s.source(),
                h ->
                        h.createUpdate(
                                        "INSERT INTO source_status (source, remote, host, state,"
                                                + " operation, reason, failures, since,"
                                                + " last_success, next_retry, updated_at) VALUES"
                                                + " (:source, :remote, :host, :state, :operation,"
                                                + " :reason, :failures, :since, :lastSuccess,"
                                                + " :nextRetry, :at) ON CONFLICT (source) DO"
                                                + " UPDATE SET remote = excluded.remote, host ="
                                                + " excluded.host, state = excluded.state,"
                                                + " operation = excluded.operation, reason ="
                                                + " excluded.reason, failures ="
                                                + " excluded.failures, since = excluded.since,"
                                                + " last_success = excluded.last_success,"
                                                + " next_retry = excluded.next_retry, updated_at ="
                                                + " excluded.updated_at")
                                .bind("source", s.source())
                                .bind("remote", s.remote().orElse(null))
                                .bind("host", s.host().orElse(null))
                                .bind("state", s.state().name())
                                .bind("operation", s.operation())
                                .bind("reason", s.reason())
                                .bind("failures", s.failures())
                                .bind("since", s.since().toEpochMilli())
                                .bind(
                                        "lastSuccess",
                                        s.lastSuccess().map(Instant::toEpochMilli).orElse(null))
                                .bind(
                                        "nextRetry",
                                        s.nextRetry().map(Instant::toEpochMilli).orElse(null))
                                .bind("at", s.updatedAt().toEpochMilli())
                                .execute());
    }

    private RolloutRecord record(ResultSet rs) throws SQLException {
        long finished = rs.getLong("finished_at");
        Optional<Instant> finishedAt =
                rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(finished));
        return new RolloutRecord(
                rs.getString("id"),
                rs.getString("deployment"),
                rs.getString("commit_id"),
                rs.getString("strategy"),
                rs.getString("target"),
                read(rs.getString("changes_json"), LIST),
                rs.getInt("step"),
                RolloutResult.valueOf(rs.getString("result")),
                rs.getString("message"),
                read(rs.getString("evidence_json"), MAP),
                Instant.ofEpochMilli(rs.getLong("started_at")),
                finishedAt);
    }

    private static DeploymentStatus status(ResultSet rs) throws SQLException {
        return new DeploymentStatus(
                rs.getString("deployment"),
                Optional.ofNullable(rs.getString("applied_commit")),
                rs.getBoolean("suspended"),
                rs.getString("message"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static SourceStatus source(ResultSet rs) throws SQLException {
        return new SourceStatus(
                rs.getString("source"),
                Optional.ofNullable(rs.getString("remote")),
                Optional.ofNullable(rs.getString("host")),
                SourceStatus.State.valueOf(rs.getString("state")),
                rs.getString("operation"),
                rs.getString("reason"),
                rs.getInt("failures"),
                Instant.ofEpochMilli(rs.getLong("since")),
                instant(rs, "last_success"),
                instant(rs, "next_retry"),
                Instant.ofEpochMilli(rs.getLong("updated_at")));
    }

    private static Optional<Instant> instant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new RolloutStoreException(
                    "cannot store rollout data as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String text, TypeReference<T> type) {
        try {
            return json.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new RolloutStoreException(
                    "the metadata database holds malformed rollout JSON: " + text, e);
        }
    }

    private <T> T run(String what, Function<Handle, T> work) {
        try {
            return jdbi.withHandle(work::apply);
        } catch (JdbiException e) {
            throw new RolloutStoreException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
