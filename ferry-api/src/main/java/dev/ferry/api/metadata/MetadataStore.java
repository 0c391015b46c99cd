package dev.ferry.api.metadata;

import dev.ferry.api.artifact.Digest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Durable record of runs, step runs, metrics, artifacts, lineage and events.
 *
 * <p>Every method that changes a run's or a step run's state is one transaction: after a crash the
 * store shows either all of a change or none of it.
 */
public interface MetadataStore extends AutoCloseable {

    // --- runs

    void insertRun(RunRecord run);

    /** Sets the run's state (and finish time and message for terminal states). */
    void updateRunState(String runId, RunState state, Optional<String> message, Instant at);

    /** Claims the run for an engine ({@code host:pid}), e.g. when it is resumed. */
    void updateRunEngine(String runId, String engine);

    /** Finds a run by its id or by a unique prefix of it. */
    Optional<RunRecord> findRun(String idOrPrefix);

    /** Most recent runs first. */
    List<RunRecord> listRuns(int limit);

    // --- step runs

    void insertStepRun(StepRunRecord stepRun);

    /**
     * Replaces the mutable parts (state, times, exit code, message, cache fields) of a step run.
     */
    void updateStepRun(StepRunRecord stepRun);

    /**
     * Finishes a step run in one transaction: its final record, its outputs, their artifact records
     * and the lineage edges (inputs and outputs).
     */
    void completeStepRun(
            StepRunRecord finished,
            Collection<StepOutput> outputs,
            Collection<ArtifactRecord> artifacts,
            Collection<LineageEdge> lineage);

    /** All attempts of all steps of a run, in insertion order. */
    List<StepRunRecord> stepRuns(String runId);

    Optional<StepRunRecord> findStepRun(String stepRunId);

    /** The outputs a finished step run recorded. */
    List<StepOutput> outputs(String stepRunId);

    /** The most recent SUCCEEDED step run whose cache key is {@code cacheKey}. */
    Optional<StepRunRecord> findCached(String cacheKey);

    /** The most recent finished step run of the same pipeline and step, for cache explanations. */
    Optional<StepRunRecord> previousAttempt(String pipeline, String stepName, String beforeRunId);

    // --- metrics

    void recordMetrics(Collection<MetricPoint> points);

    List<MetricPoint> metrics(String runId);

    // --- artifacts and lineage

    void recordArtifact(ArtifactRecord artifact);

    Optional<ArtifactRecord> findArtifact(Digest digest);

    /** Edges touching an artifact: who produced it and who consumed it. */
    List<LineageEdge> lineageOf(Digest artifact);

    /** Every edge of a run. */
    List<LineageEdge> lineageOfRun(String runId);

    /** Every edge of one step run: what it consumed and what it produced. */
    default List<LineageEdge> lineageOfStepRun(String stepRunId) {
        return findStepRun(stepRunId)
                .map(
                        s ->
                                lineageOfRun(s.runId()).stream()
                                        .filter(e -> e.stepRunId().equals(stepRunId))
                                        .toList())
                .orElse(List.of());
    }

    /** Every artifact some run, model version or other record still points at. */
    Set<Digest> referencedArtifacts();

    // --- events

    /** Appends to the event log and returns the assigned sequence number. */
    long appendEvent(EventRecord event);

    /** Events of a run after {@code afterSeq}, oldest first. */
    List<EventRecord> events(String runId, long afterSeq);

    @Override
    void close();
}
