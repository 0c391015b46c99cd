package dev.ferry.core.engine;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.cache.CacheKey;
import dev.ferry.core.execution.ArtifactValue;
import dev.ferry.core.execution.AttemptOutcome;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes the step run records of one matrix point (or step) and tells the event log and the
 * listener about each change.
 */
final class StepRecords {
    private final RunExecution execution;
    private final EngineParts parts;
    private final String step;
    private final int index;
    private final Map<String, Object> matrix;
    private StepRunRecord current;

    StepRecords(RunExecution execution, String step, int index, Map<String, Object> matrix) {
        this.execution = execution;
        this.parts = execution.parts();
        this.step = step;
        this.index = index;
        this.matrix = matrix;
    }

    /** The id of attempt {@code number}: {@code RUN:STEP:INDEX:ATTEMPT}. */
    String id(int number) {
        return execution.run().id() + ":" + step + ":" + index + ":" + number;
    }

    /** Records an attempt that ends as soon as it is written (skipped, cancelled, unresolvable). */
    void ended(StepState state, String message) {
        int number = execution.history().nextAttempt(step, index);
        var now = Optional.of(parts.clock().instant());
        current =
                attempt(
                        number,
                        state,
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        now,
                        now,
                        Optional.empty(),
                        Optional.of(message));
        parts.metadata().insertStepRun(current);
        finished(current);
    }

    StepRunRecord started(int number, Map<String, Object> inputs, CacheKey key) {
        current =
                attempt(
                        number,
                        StepState.RUNNING,
                        recordable(inputs),
                        Optional.of(key.value()),
                        Optional.empty(),
                        Optional.of(parts.clock().instant()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
        parts.metadata().insertStepRun(current);
        parts.events().emit(execution.run().id(), RunEvents.STEP_STARTED, data(current));
        execution.notify(current);
        return current;
    }

    void attemptEnded(int number, StepState state, String message, Optional<Integer> exitCode) {
        current = with(current, state, exitCode, Optional.of(message));
        parts.metadata().updateStepRun(current);
        finished(current);
    }

    void retrying(int number, Duration delay) {
        Map<String, Object> data = data(current);
        data.put("delayMillis", delay.toMillis());
        parts.events().emit(execution.run().id(), RunEvents.STEP_RETRYING, data);
    }

    void succeeded(int number, AttemptOutcome outcome) {
        current = with(current, StepState.SUCCEEDED, outcome.exitCode(), Optional.empty());
        parts.metadata()
                .completeStepRun(
                        current, outcome.outputs(), outcome.artifacts(), outcome.lineage());
        finished(current);
    }

    /**
     * The most recent successful run with {@code key} whose artifacts are all still stored; empty
     * when there is none.
     */
    Optional<StepRunRecord> cached(String key) {
        Optional<StepRunRecord> hit = parts.metadata().findCached(key);
        if (hit.isEmpty()) {
            return hit;
        }
        for (StepOutput output : parts.metadata().outputs(hit.get().id())) {
            if (output instanceof StepOutput.ArtifactOutput a
                    && !parts.artifacts().contains(a.digest())) {
                return Optional.empty();
            }
        }
        return hit;
    }

    /** Records this point as served from the cache: CACHED, pointing at {@code original}. */
    void cachedFrom(
            int number,
            Map<String, Object> inputs,
            CacheKey key,
            StepRunRecord original,
            List<StepOutput> outputs,
            List<LineageEdge> inputEdges) {
        var now = Optional.of(parts.clock().instant());
        current =
                attempt(
                        number,
                        StepState.CACHED,
                        recordable(inputs),
                        Optional.of(key.value()),
                        Optional.of(original.id()),
                        now,
                        now,
                        original.exitCode(),
                        Optional.of("cached from run " + original.runId()));
        List<LineageEdge> lineage = new ArrayList<>(inputEdges);
        for (StepOutput output : outputs) {
            if (output instanceof StepOutput.ArtifactOutput a) {
                lineage.add(
                        new LineageEdge(
                                a.digest(),
                                execution.run().id(),
                                current.id(),
                                LineageEdge.Direction.OUTPUT,
                                a.name()));
            }
        }
        List<LineageEdge> edges =
                lineage.stream()
                        .map(
                                e ->
                                        e.stepRunId().equals(current.id())
                                                ? e
                                                : new LineageEdge(
                                                        e.artifact(),
                                                        e.runId(),
                                                        current.id(),
                                                        e.direction(),
                                                        e.name()))
                        .distinct()
                        .toList();
        parts.metadata().insertStepRun(current);
        parts.metadata().completeStepRun(current, outputs, List.of(), edges);
        finished(current);
    }

    /** Records a suspend step waiting for approval. */
    StepRunRecord suspended(int number, Map<String, Object> inputs) {
        current =
                attempt(
                        number,
                        StepState.SUSPENDED,
                        recordable(inputs),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(parts.clock().instant()),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(
                                "waiting for approval: ferry approve "
                                        + execution.run().id()
                                        + " "
                                        + step));
        parts.metadata().insertStepRun(current);
        parts.events().emit(execution.run().id(), RunEvents.STEP_SUSPENDED, data(current));
        execution.notify(current);
        return current;
    }

    /** Continues a suspend step recorded by an earlier drive of the run. */
    void continueWith(StepRunRecord waiting) {
        current = waiting;
        execution.notify(current);
    }

    /** The suspend step was approved: SUCCEEDED, with who approved it as its output. */
    void approved(String by) {
        current =
                with(
                        current,
                        StepState.SUCCEEDED,
                        Optional.empty(),
                        Optional.of("approved by " + by));
        parts.metadata()
                .completeStepRun(
                        current,
                        List.of(new StepOutput.ValueOutput("approved_by", by)),
                        List.of(),
                        List.of());
        finished(current);
    }

    /** The suspend step stopped waiting because the run was cancelled. */
    void abandoned(String message) {
        current = with(current, StepState.CANCELLED, Optional.empty(), Optional.of(message));
        parts.metadata().updateStepRun(current);
        finished(current);
    }

    /** Attempt {@code number} of this matrix point, in {@code state}. */
    private StepRunRecord attempt(
            int number,
            StepState state,
            Map<String, Object> inputs,
            Optional<String> cacheKey,
            Optional<String> cachedFrom,
            Optional<Instant> startedAt,
            Optional<Instant> finishedAt,
            Optional<Integer> exitCode,
            Optional<String> message) {
        return new StepRunRecord(
                id(number),
                execution.run().id(),
                step,
                index,
                matrix,
                number,
                state,
                inputs,
                cacheKey,
                cachedFrom,
                startedAt,
                finishedAt,
                exitCode,
                message);
    }

    private void finished(StepRunRecord record) {
        parts.events().emit(execution.run().id(), RunEvents.STEP_FINISHED, data(record));
        execution.notify(record);
    }

    private StepRunRecord with(
            StepRunRecord r,
            StepState state,
            Optional<Integer> exitCode,
            Optional<String> message) {
        return new StepRunRecord(
                r.id(),
                r.runId(),
                r.stepName(),
                r.matrixIndex(),
                r.matrix(),
                r.attempt(),
                state,
                r.inputs(),
                r.cacheKey(),
                r.cachedFrom(),
                r.startedAt(),
                Optional.of(parts.clock().instant()),
                exitCode,
                message);
    }

    private static Map<String, Object> data(StepRunRecord record) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stepRunId", record.id());
        data.put("step", record.stepName());
        data.put("matrixIndex", record.matrixIndex());
        data.put("attempt", record.attempt());
        data.put("state", record.state().name());
        record.exitCode().ifPresent(c -> data.put("exitCode", c));
        record.message().ifPresent(m -> data.put("message", m));
        record.cachedFrom().ifPresent(c -> data.put("cachedFrom", c));
        return data;
    }

    /** Inputs as JSON values for the record: artifacts by digest, nulls left out. */
    static Map<String, Object> recordable(Map<String, Object> inputs) {
        Map<String, Object> out = new LinkedHashMap<>();
        inputs.forEach(
                (k, v) -> {
                    Object value = json(v);
                    if (value != null) {
                        out.put(k, value);
                    }
                });
        return out;
    }

    private static Object json(Object value) {
        return switch (value) {
            case null -> null;
            case ArtifactValue a -> a.digest().toString();
            case Digest d -> d.toString();
            case Path p -> p.toString();
            case Map<?, ?> map -> {
                Map<String, Object> out = new LinkedHashMap<>();
                map.forEach((k, v) -> out.put(String.valueOf(k), json(v)));
                yield out;
            }
            case List<?> list -> list.stream().map(StepRecords::json).toList();
            default -> value;
        };
    }
}
