package dev.ferry.core.metadata;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * The metadata store over JDBC: one implementation, SQLite or PostgreSQL by {@link Dialect}. Each
 * method runs in one transaction; open one with {@link MetadataStores#open(String)}.
 */
public final class JdbcMetadataStore implements MetadataStore {
    private final Jdbi jdbi;
    private final Dialect dialect;
    private final AutoCloseable connections;
    private final RunTable runs;
    private final StepRunTable stepRuns;
    private final LineageTable lineage;
    private final LogTables logs;

    /**
     * Wraps a migrated database. {@code connections} (the pool behind {@code jdbi}) is closed with
     * the store.
     */
    public JdbcMetadataStore(
            Jdbi jdbi, Dialect dialect, ObjectMapper mapper, AutoCloseable connections) {
        this.jdbi = jdbi;
        this.dialect = dialect;
        this.connections = connections;
        jdbi.define("json", dialect.jsonType());
        JsonColumns json = new JsonColumns(mapper);
        this.runs = new RunTable(json);
        this.stepRuns = new StepRunTable(json);
        this.lineage = new LineageTable();
        this.logs = new LogTables(json);
    }

    public Dialect dialect() {
        return dialect;
    }

    /**
     * The pooled, migrated database, for stores that share it (the model registry); SQL templates
     * may write {@code CAST(:x AS <json>)} for JSON columns.
     */
    public Jdbi jdbi() {
        return jdbi;
    }

    @Override
    public void insertRun(RunRecord run) {
        write("record run " + run.id(), h -> runs.insert(h, run));
    }

    @Override
    public void updateRunState(String runId, RunState state, Optional<String> message, Instant at) {
        write("update run " + runId, h -> runs.updateState(h, runId, state, message, at));
    }

    @Override
    public void updateRunEngine(String runId, String engine) {
        write("claim run " + runId, h -> runs.updateEngine(h, runId, engine));
    }

    @Override
    public Optional<RunRecord> findRun(String idOrPrefix) {
        return read("find run " + idOrPrefix, h -> runs.find(h, idOrPrefix));
    }

    @Override
    public List<RunRecord> listRuns(int limit) {
        return read("list runs", h -> runs.list(h, limit));
    }

    @Override
    public void insertStepRun(StepRunRecord stepRun) {
        write("record step run " + stepRun.id(), h -> stepRuns.insert(h, stepRun));
    }

    @Override
    public void updateStepRun(StepRunRecord stepRun) {
        write("update step run " + stepRun.id(), h -> stepRuns.update(h, stepRun));
    }

    @Override
    public void completeStepRun(
            StepRunRecord finished,
            Collection<StepOutput> outputs,
            Collection<ArtifactRecord> artifacts,
            Collection<LineageEdge> edges) {
        write(
                "complete step run " + finished.id(),
                h -> {
                    stepRuns.update(h, finished);
                    lineage.insertArtifacts(h, artifacts);
                    stepRuns.insertOutputs(h, finished.id(), outputs);
                    lineage.insertEdges(h, edges);
                });
    }

    @Override
    public List<StepRunRecord> stepRuns(String runId) {
        return read("list step runs of " + runId, h -> stepRuns.ofRun(h, runId));
    }

    @Override
    public Optional<StepRunRecord> findStepRun(String stepRunId) {
        return read("find step run " + stepRunId, h -> stepRuns.find(h, stepRunId));
    }

    @Override
    public List<StepOutput> outputs(String stepRunId) {
        return read("read outputs of " + stepRunId, h -> stepRuns.outputs(h, stepRunId));
    }

    @Override
    public Optional<StepRunRecord> findCached(String cacheKey) {
        return read("look up cache key " + cacheKey, h -> stepRuns.findCached(h, cacheKey));
    }

    @Override
    public Optional<StepRunRecord> previousAttempt(
            String pipeline, String stepName, String beforeRunId) {
        return read(
                "find the previous run of step " + stepName,
                h -> stepRuns.previousAttempt(h, pipeline, stepName, beforeRunId));
    }

    @Override
    public void recordMetrics(Collection<MetricPoint> points) {
        write("record metrics", h -> logs.insertMetrics(h, points));
    }

    @Override
    public List<MetricPoint> metrics(String runId) {
        return read("read metrics of " + runId, h -> logs.metrics(h, runId));
    }

    @Override
    public void recordArtifact(ArtifactRecord artifact) {
        write("record artifact " + artifact.digest(), h -> lineage.insertArtifact(h, artifact));
    }

    @Override
    public Optional<ArtifactRecord> findArtifact(Digest digest) {
        return read("find artifact " + digest, h -> lineage.findArtifact(h, digest));
    }

    @Override
    public List<LineageEdge> lineageOf(Digest artifact) {
        return read("read lineage of " + artifact, h -> lineage.ofArtifact(h, artifact));
    }

    @Override
    public List<LineageEdge> lineageOfRun(String runId) {
        return read("read lineage of run " + runId, h -> lineage.ofRun(h, runId));
    }

    @Override
    public List<LineageEdge> lineageOfStepRun(String stepRunId) {
        return read("read lineage of step run " + stepRunId, h -> lineage.ofStepRun(h, stepRunId));
    }

    @Override
    public Set<Digest> referencedArtifacts() {
        return read("list referenced artifacts", lineage::referenced);
    }

    @Override
    public long appendEvent(EventRecord event) {
        return inTransaction("append event " + event.type(), h -> logs.appendEvent(h, event));
    }

    @Override
    public List<EventRecord> events(String runId, long afterSeq) {
        return read("read events of " + runId, h -> logs.events(h, runId, afterSeq));
    }

    @Override
    public void close() {
        try {
            connections.close();
        } catch (Exception e) {
            throw new MetadataException("cannot close the metadata database: " + e.getMessage(), e);
        }
    }

    private <T> T read(String what, HandleCallback<T, RuntimeException> query) {
        try {
            return jdbi.withHandle(query);
        } catch (JdbiException e) {
            throw failed(what, e);
        }
    }

    private void write(String what, Consumer<Handle> change) {
        inTransaction(
                what,
                h -> {
                    change.accept(h);
                    return null;
                });
    }

    private <T> T inTransaction(String what, HandleCallback<T, RuntimeException> change) {
        try {
            return jdbi.inTransaction(change);
        } catch (JdbiException e) {
            throw failed(what, e);
        }
    }

    private static MetadataException failed(String what, JdbiException e) {
        Throwable cause = e.getCause() != null ? e.getCause() : e;
        return new MetadataException(
                "metadata store: cannot " + what + ": " + cause.getMessage(), e);
    }
}
