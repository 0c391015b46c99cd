package dev.ferry.core.engine;

import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.core.plan.PlannedStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;

/**
 * Runs one step of a run: decides whether it runs at all ({@code if:}, upstream outcomes), fans it
 * out over its matrix with the {@code parallelism} cap, and publishes its result for downstream
 * steps.
 */
final class StepRunner {
    private final RunExecution execution;

    StepRunner(RunExecution execution) {
        this.execution = execution;
    }

    void run(PlannedStep step) throws InterruptedException {
        var results = execution.results();
        StepScope scope =
                new StepScope(
                        execution.run(),
                        results,
                        step.dependencies(),
                        Map.of(),
                        Map.of(),
                        execution::isCancelled);
        if (!step.isMatrix()) {
            Optional<StepRunRecord> reused = execution.history().reusable(step.name(), 0);
            if (reused.isPresent()) {
                results.put(
                        step.name(),
                        new StepResult(
                                reused.get().state(),
                                false,
                                List.of(execution.history().outputs(reused.get())),
                                Optional.empty()));
                return;
            }
        }
        Optional<String> skip;
        try {
            skip = skipReason(step, scope);
        } catch (ManifestException e) {
            PointResult failed = new PointRunner(execution, step, 0, Map.of()).fail(e.getMessage());
            results.put(
                    step.name(),
                    new StepResult(failed.state(), false, List.of(), failed.message()));
            return;
        }
        if (skip.isPresent()) {
            new PointRunner(execution, step, 0, Map.of()).record(StepState.SKIPPED, skip.get());
            results.put(step.name(), StepResult.ended(StepState.SKIPPED, skip.get()));
            return;
        }
        if (!step.isMatrix()) {
            PointResult result = new PointRunner(execution, step, 0, Map.of()).run();
            results.put(
                    step.name(),
                    new StepResult(
                            result.state(), false, List.of(result.outputs()), result.message()));
            return;
        }
        List<Map<String, Object>> points;
        try {
            points = step.matrix().orElseThrow().points(scope);
        } catch (ManifestException e) {
            PointResult failed = new PointRunner(execution, step, 0, Map.of()).fail(e.getMessage());
            results.put(
                    step.name(), new StepResult(failed.state(), true, List.of(), failed.message()));
            return;
        }
        results.put(step.name(), fanOut(step, points));
    }

    /** Records a step the run never reached because it was cancelled. */
    void recordNotStarted(PlannedStep step) {
        new PointRunner(execution, step, 0, Map.of())
                .record(StepState.CANCELLED, "not started: the run was cancelled");
    }

    private StepResult fanOut(PlannedStep step, List<Map<String, Object>> points) {
        int cap = step.matrix().orElseThrow().parallelism();
        Semaphore slots = new Semaphore(cap > 0 ? cap : Integer.MAX_VALUE);
        PointResult[] outcomes = new PointResult[points.size()];
        CountDownLatch finished = new CountDownLatch(points.size());
        int started = 0;
        try {
            for (int i = 0; i < points.size(); i++) {
                if (execution.isCancelled()) {
                    break;
                }
                execution.enter();
                try {
                    slots.acquire();
                } catch (InterruptedException e) {
                    break;
                } finally {
                    execution.leave();
                }
                int index = i;
                started++;
                Thread.ofVirtual()
                        .name("step-" + step.name() + "-" + i)
                        .start(
                                () -> {
                                    try {
                                        outcomes[index] = point(step, index, points.get(index));
                                    } finally {
                                        slots.release();
                                        finished.countDown();
                                    }
                                });
            }
        } finally {
            for (int i = started; i < points.size(); i++) {
                finished.countDown();
            }
            awaitUninterruptibly(finished);
        }
        for (int i = 0; i < outcomes.length; i++) {
            if (outcomes[i] == null) {
                outcomes[i] =
                        new PointRunner(execution, step, i, points.get(i))
                                .record(StepState.CANCELLED, "not started: the run was cancelled");
            }
        }
        return combine(outcomes);
    }

    private PointResult point(PlannedStep step, int index, Map<String, Object> values) {
        Optional<StepRunRecord> reused = execution.history().reusable(step.name(), index);
        if (reused.isPresent()) {
            return new PointResult(
                    reused.get().state(),
                    execution.history().outputs(reused.get()),
                    Optional.empty());
        }
        return new PointRunner(execution, step, index, values).run();
    }

    private static StepResult combine(PointResult[] outcomes) {
        List<Map<String, Object>> outputs = new ArrayList<>(outcomes.length);
        boolean allCached = outcomes.length > 0;
        StepState state = StepState.SUCCEEDED;
        Optional<String> message = Optional.empty();
        for (int i = 0; i < outcomes.length; i++) {
            PointResult outcome = outcomes[i];
            outputs.add(outcome.outputs());
            allCached &= outcome.state() == StepState.CACHED;
            if (outcome.state() == StepState.FAILED) {
                state = StepState.FAILED;
                if (message.isEmpty()) {
                    message =
                            Optional.of(
                                    "matrix point "
                                            + i
                                            + ": "
                                            + outcome.message().orElse("failed"));
                }
            } else if (outcome.state() == StepState.CANCELLED && state != StepState.FAILED) {
                state = StepState.CANCELLED;
            }
        }
        if (state == StepState.SUCCEEDED && allCached) {
            state = StepState.CACHED;
        }
        return new StepResult(state, true, outputs, message);
    }

    private Optional<String> skipReason(PlannedStep step, StepScope scope) {
        if (step.condition().isPresent()) {
            if (step.condition().get().test(scope)) {
                return Optional.empty();
            }
            return Optional.of(
                    scope.upstreamFailed() && !step.condition().get().callsStatusFunction()
                            ? "an upstream step did not succeed"
                            : "if: " + step.condition().get() + " was false");
        }
        for (String dependency : step.dependencies()) {
            StepResult result = execution.results().get(dependency);
            if (result == null || !result.state().producedOutputs()) {
                return Optional.of(
                        "upstream step '"
                                + dependency
                                + "' "
                                + (result == null ? "did not run" : "ended " + result.state()));
            }
        }
        return Optional.empty();
    }

    private static void awaitUninterruptibly(CountDownLatch latch) {
        boolean interrupted = false;
        while (true) {
            try {
                latch.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
