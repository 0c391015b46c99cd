package dev.ferry.core.execution;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.step.Step;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a built-in {@code uses:} step inside the JVM, on its own virtual thread so that a timeout or
 * a cancel can interrupt it.
 */
public final class BuiltinStepExecutor {
    private final HomeLayout layout;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final StepServices services;
    private final Path workingDirectory;

    /**
     * @param workingDirectory what relative file names in step inputs are resolved against
     */
    public BuiltinStepExecutor(
            HomeLayout layout,
            ArtifactStore artifacts,
            Clock clock,
            StepServices services,
            Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        this.layout = layout;
        this.artifacts = artifacts;
        this.clock = clock;
        this.services = services;
    }

    /**
     * Executes {@code step} for {@code attempt}; returns its outputs, or throws {@link
     * AttemptFailure}. Interrupting the calling thread cancels the attempt.
     */
    public AttemptOutcome execute(Attempt attempt, Step step, MetricSink metrics) {
        Path dir =
                layout.attempt(
                        attempt.runId(),
                        attempt.stepName(),
                        attempt.matrixIndex(),
                        attempt.number());
        Path log =
                layout.log(
                        attempt.runId(),
                        attempt.stepName(),
                        attempt.matrixIndex(),
                        attempt.number());
        Path outputs = dir.resolve("outputs");
        var materialized =
                new InputMaterializer(artifacts).materialize(attempt, dir.resolve("inputs"));
        try (LazyLog writer = new LazyLog(log)) {
            var context =
                    new BuiltinStepContext(
                            attempt,
                            materialized.values(),
                            new LazyDirectory(outputs),
                            new LazyDirectory(
                                    layout.checkpoint(
                                            attempt.runId(),
                                            attempt.stepName(),
                                            attempt.matrixIndex())),
                            new LazyDirectory(dir.resolve("work")),
                            metrics,
                            writer,
                            services,
                            workingDirectory);
            run(attempt, step, context);
            var collected =
                    new OutputCollector(artifacts, clock)
                            .collect(attempt, outputs, context.described());
            List<StepOutput> all = new ArrayList<>(collected.outputs());
            context.values()
                    .forEach((name, value) -> all.add(new StepOutput.ValueOutput(name, value)));
            List<LineageEdge> lineage = new ArrayList<>(materialized.lineage());
            lineage.addAll(collected.lineage());
            return new AttemptOutcome(all, collected.records(), lineage, Optional.empty());
        } finally {
            Directories.deleteLater(dir);
        }
    }

    private static void run(Attempt attempt, Step step, BuiltinStepContext context) {
        FutureTask<Void> task =
                new FutureTask<>(
                        () -> {
                            step.execute(context);
                            return null;
                        });
        Thread thread = Thread.ofVirtual().name("step-" + attempt.stepName()).start(task);
        try {
            if (attempt.timeout().isPresent()) {
                task.get(attempt.timeout().get().toNanos(), TimeUnit.NANOSECONDS);
            } else {
                task.get();
            }
        } catch (TimeoutException e) {
            stop(thread);
            throw new AttemptFailure(
                    AttemptFailure.Reason.TIMED_OUT,
                    "step '" + attempt.stepName() + "' timed out after " + attempt.timeout().get(),
                    Optional.empty());
        } catch (InterruptedException e) {
            stop(thread);
            Thread.currentThread().interrupt();
            throw new AttemptFailure(
                    AttemptFailure.Reason.CANCELLED,
                    "step '" + attempt.stepName() + "' was cancelled",
                    Optional.empty());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
            throw new AttemptFailure(
                    AttemptFailure.Reason.FAILED,
                    "step '" + attempt.stepName() + "' (" + step.name() + ") failed: " + why,
                    cause);
        }
    }

    private static void stop(Thread thread) {
        thread.interrupt();
        try {
            thread.join(java.time.Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
