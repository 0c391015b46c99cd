package dev.ferry.core.engine;

import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.step.Step;
import dev.ferry.core.cache.CacheDecision;
import dev.ferry.core.cache.CacheException;
import dev.ferry.core.cache.CacheKey;
import dev.ferry.core.cache.StepDefinition;
import dev.ferry.core.execution.ArtifactValue;
import dev.ferry.core.execution.Attempt;
import dev.ferry.core.execution.AttemptFailure;
import dev.ferry.core.execution.AttemptOutcome;
import dev.ferry.core.execution.MetricSink;
import dev.ferry.core.plan.PlannedStep;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one matrix point of a step (or a step without a matrix): resolves its expressions, serves it
 * from the cache or executes it with retries, and records every attempt.
 */
final class PointRunner {
    private final RunExecution execution;
    private final EngineParts parts;
    private final PlannedStep step;
    private final int index;
    private final Map<String, Object> matrix;
    private final StepRecords records;

    PointRunner(RunExecution execution, PlannedStep step, int index, Map<String, Object> matrix) {
        this.execution = execution;
        this.parts = execution.parts();
        this.step = step;
        this.index = index;
        this.matrix = matrix;
        this.records = new StepRecords(execution, step.name(), index, matrix);
    }

    PointResult run() {
        if (execution.isCancelled()) {
            return record(StepState.CANCELLED, "not started: the run was cancelled");
        }
        StepScope scope =
                new StepScope(
                        execution.run(),
                        execution.results(),
                        step.dependencies(),
                        matrix,
                        Map.of(),
                        execution::isCancelled);
        Map<String, String> env;
        Map<String, Object> inputs;
        List<String> argv = new ArrayList<>();
        try {
            env = new LinkedHashMap<>(execution.plan().pipeline().env());
            for (var entry : step.env().entrySet()) {
                env.put(entry.getKey(), text(entry.getValue().evaluate(scope)));
            }
            scope = scope.withEnv(env);
            inputs = step.with().resolveMap(scope);
            for (var part : step.argv()) {
                argv.add(text(part.evaluate(scope)));
            }
        } catch (ManifestException e) {
            return fail(e.getMessage());
        }
        return switch (step.spec().action()) {
            case StepAction.Suspend s ->
                    new Approval(execution, records).await(step.name(), index, inputs);
            case StepAction.Uses uses -> {
                Optional<Step> builtin = parts.catalog().find(uses.ref());
                if (builtin.isEmpty()) {
                    yield fail(parts.catalog().explainMissing(uses.ref()));
                }
                yield keyed(
                        new StepDefinition.Builtin(uses.ref(), builtin.get().version()),
                        inputs,
                        env,
                        argv,
                        builtin);
            }
            case StepAction.Run r ->
                    keyed(
                            new StepDefinition.Process(
                                    argv, step.spec().code(), parts.options().workingDirectory()),
                            inputs,
                            env,
                            argv,
                            Optional.empty());
        };
    }

    /** Records this point as failed before any attempt ran. */
    PointResult fail(String message) {
        return record(StepState.FAILED, message);
    }

    /** Records a final state without running anything (skipped, cancelled, failed to resolve). */
    PointResult record(StepState state, String message) {
        records.ended(state, message);
        return new PointResult(state, Map.of(), Optional.of(message));
    }

    private PointResult keyed(
            StepDefinition definition,
            Map<String, Object> inputs,
            Map<String, String> env,
            List<String> argv,
            Optional<Step> builtin) {
        CacheKey key;
        try {
            key =
                    parts.cacheKeys()
                            .of(
                                    definition,
                                    inputs,
                                    env,
                                    matrix,
                                    Optional.of(parts.options().workingDirectory()));
        } catch (CacheException e) {
            return fail(e.getMessage());
        }
        int first = execution.history().nextAttempt(step.name(), index);
        String firstId = records.id(first);
        Optional<String> disabled =
                execution.noCache()
                        ? Optional.of("the run was started with --no-cache")
                        : !step.spec().cache()
                                ? Optional.of("the step sets cache: false")
                                : builtin.isPresent() && !builtin.get().cacheable()
                                        ? Optional.of(
                                                builtin.get().name()
                                                        + " is never cached: its effect is outside"
                                                        + " Ferry")
                                        : Optional.empty();
        if (disabled.isEmpty()) {
            Optional<StepRunRecord> hit = records.cached(key.value());
            if (hit.isPresent()) {
                List<StepOutput> outputs = parts.metadata().outputs(hit.get().id());
                decide(
                        firstId,
                        key,
                        CacheDecision.Outcome.HIT,
                        Optional.of(hit.get().id()),
                        Optional.empty());
                records.cachedFrom(
                        first, inputs, key, hit.get(), outputs, inputLineage(firstId, inputs));
                return new PointResult(
                        StepState.CACHED, StepResult.values(outputs), Optional.empty());
            }
        }
        decide(
                firstId,
                key,
                disabled.isPresent() ? CacheDecision.Outcome.DISABLED : CacheDecision.Outcome.MISS,
                Optional.empty(),
                disabled);
        return attempts(first, inputs, env, argv, key, builtin);
    }

    private PointResult attempts(
            int first,
            Map<String, Object> inputs,
            Map<String, String> env,
            List<String> argv,
            CacheKey key,
            Optional<Step> builtin) {
        var retry = step.spec().retry();
        for (int n = 0; ; n++) {
            int number = first + n;
            if (!acquireSlot()) {
                return record(StepState.CANCELLED, "cancelled before it started");
            }
            AttemptOutcome outcome;
            StepRunRecord running;
            try {
                running = records.started(number, inputs, key);
                Attempt attempt =
                        new Attempt(
                                execution.run().id(),
                                running.id(),
                                step.name(),
                                index,
                                number,
                                inputs,
                                env,
                                step.spec().outputs(),
                                step.spec().timeout());
                MetricSink sink = metrics(running);
                execution.enter();
                try {
                    outcome =
                            switch (step.spec().action()) {
                                case StepAction.Run r ->
                                        parts.processes().execute(attempt, argv, sink);
                                case StepAction.Uses u ->
                                        parts.builtins()
                                                .execute(attempt, builtin.orElseThrow(), sink);
                                case StepAction.Suspend s ->
                                        throw new IllegalStateException(
                                                "suspend steps do not execute");
                            };
                } finally {
                    execution.leave();
                }
            } catch (AttemptFailure failure) {
                parts.slots().release();
                boolean cancelled =
                        failure.reason() == AttemptFailure.Reason.CANCELLED
                                || execution.isCancelled();
                records.attemptEnded(
                        number,
                        cancelled ? StepState.CANCELLED : StepState.FAILED,
                        failure.getMessage(),
                        failure.exitCode());
                if (cancelled) {
                    return new PointResult(
                            StepState.CANCELLED, Map.of(), Optional.of(failure.getMessage()));
                }
                if (n < retry.limit()) {
                    Duration delay = retry.delayBefore(n + 1);
                    records.retrying(number, delay);
                    if (!sleep(delay)) {
                        return new PointResult(
                                StepState.CANCELLED,
                                Map.of(),
                                Optional.of("cancelled while waiting to retry"));
                    }
                    continue;
                }
                return new PointResult(
                        StepState.FAILED, Map.of(), Optional.of(failure.getMessage()));
            } catch (RuntimeException e) {
                parts.slots().release();
                String message = e.getMessage() == null ? e.toString() : e.getMessage();
                records.attemptEnded(number, StepState.FAILED, message, Optional.empty());
                return new PointResult(StepState.FAILED, Map.of(), Optional.of(message));
            }
            parts.slots().release();
            records.succeeded(number, outcome);
            return new PointResult(
                    StepState.SUCCEEDED, StepResult.values(outcome.outputs()), Optional.empty());
        }
    }

    private boolean acquireSlot() {
        execution.enter();
        try {
            parts.slots().acquire();
            return true;
        } catch (InterruptedException e) {
            return false;
        } finally {
            execution.leave();
        }
    }

    private boolean sleep(Duration delay) {
        execution.enter();
        try {
            Thread.sleep(delay);
            return !execution.isCancelled();
        } catch (InterruptedException e) {
            return false;
        } finally {
            execution.leave();
        }
    }

    private MetricSink metrics(StepRunRecord running) {
        return (name, value, at) -> {
            MetricPoint point =
                    new MetricPoint(
                            execution.run().id(),
                            running.id(),
                            name,
                            value,
                            at,
                            parts.clock().instant());
            parts.metadata().recordMetrics(List.of(point));
            execution.listener().metric(running, point);
        };
    }

    private void decide(
            String stepRunId,
            CacheKey key,
            CacheDecision.Outcome outcome,
            Optional<String> cachedFrom,
            Optional<String> reason) {
        CacheDecision decision =
                new CacheDecision(
                        stepRunId,
                        step.name(),
                        index,
                        Optional.of(key),
                        outcome,
                        cachedFrom,
                        reason);
        parts.events().emit(execution.run().id(), CacheDecision.EVENT_TYPE, decision.toEventData());
    }

    private List<LineageEdge> inputLineage(String stepRunId, Map<String, Object> inputs) {
        List<LineageEdge> edges = new ArrayList<>();
        inputs.forEach((name, value) -> collect(value, name, stepRunId, edges));
        return edges.stream().distinct().toList();
    }

    private void collect(Object value, String name, String stepRunId, List<LineageEdge> edges) {
        switch (value) {
            case ArtifactValue a ->
                    edges.add(
                            new LineageEdge(
                                    a.digest(),
                                    execution.run().id(),
                                    stepRunId,
                                    LineageEdge.Direction.INPUT,
                                    name));
            case Iterable<?> items -> items.forEach(item -> collect(item, name, stepRunId, edges));
            case Map<?, ?> map ->
                    map.values().forEach(item -> collect(item, name, stepRunId, edges));
            case null, default -> {}
        }
    }

    private static String text(Object value) {
        return value == null ? "" : String.valueOf(value);
    }
}
