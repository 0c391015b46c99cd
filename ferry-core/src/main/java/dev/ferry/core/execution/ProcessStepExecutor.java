package dev.ferry.core.execution;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.LineageEdge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a {@code run:} step as a local process under the step contract: {@code FERRY_PARAMS}, {@code
 * FERRY_INPUTS}, {@code FERRY_OUTPUTS}, {@code FERRY_METRICS}, {@code FERRY_CHECKPOINT} and, when
 * configured, {@code MLFLOW_TRACKING_URI}. The argv is executed directly, never through a shell;
 * stdout and stderr go to the attempt's log.
 */
public final class ProcessStepExecutor {
    private static final Duration METRICS_POLL = Duration.ofMillis(200);

    private final HomeLayout layout;
    private final ArtifactStore artifacts;
    private final Clock clock;
    private final Duration killGrace;
    private final Optional<URI> trackingUri;
    private final Path workingDirectory;
    private final ObjectMapper json =
            new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    /**
     * @param killGrace how long a process tree gets between SIGTERM and SIGKILL
     * @param trackingUri the MLflow-compatible tracking API to point steps at, if any
     * @param workingDirectory where processes start (the project directory)
     */
    public ProcessStepExecutor(
            HomeLayout layout,
            ArtifactStore artifacts,
            Clock clock,
            Duration killGrace,
            Optional<URI> trackingUri,
            Path workingDirectory) {
        this.layout = layout;
        this.artifacts = artifacts;
        this.clock = clock;
        this.killGrace = killGrace;
        this.trackingUri = trackingUri;
        this.workingDirectory = workingDirectory;
    }

    /**
     * Runs {@code argv} for {@code attempt}; returns its outputs, or throws {@link AttemptFailure}.
     * Interrupting the calling thread cancels the attempt and kills the process tree.
     */
    public AttemptOutcome execute(Attempt attempt, List<String> argv, MetricSink metrics) {
        if (argv.isEmpty()) {
            throw new AttemptFailure(
                    AttemptFailure.Reason.FAILED,
                    "step '" + attempt.stepName() + "': run: needs at least a program name",
                    Optional.empty());
        }
        Path dir =
                layout.attempt(
                        attempt.runId(),
                        attempt.stepName(),
                        attempt.matrixIndex(),
                        attempt.number());
        try {
            Path inputs = Files.createDirectories(dir.resolve("inputs"));
            Path outputs = Files.createDirectories(dir.resolve("outputs"));
            Path checkpoint =
                    Files.createDirectories(
                            layout.checkpoint(
                                    attempt.runId(), attempt.stepName(), attempt.matrixIndex()));
            Path log =
                    layout.log(
                            attempt.runId(),
                            attempt.stepName(),
                            attempt.matrixIndex(),
                            attempt.number());
            Files.createDirectories(log.getParent());
            Path metricsPath = dir.resolve("metrics.jsonl");
            Files.createFile(metricsPath);
            var materialized = new InputMaterializer(artifacts).materialize(attempt, inputs);
            Path params = dir.resolve("params.json");
            Files.write(params, json.writeValueAsBytes(toJson(materialized.values())));

            ProcessBuilder builder =
                    new ProcessBuilder(argv)
                            .directory(workingDirectory.toFile())
                            .redirectErrorStream(true)
                            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
            Map<String, String> env = builder.environment();
            env.putAll(attempt.env());
            env.put("FERRY_PARAMS", params.toString());
            env.put("FERRY_INPUTS", inputs.toString());
            env.put("FERRY_OUTPUTS", outputs.toString());
            env.put("FERRY_METRICS", metricsPath.toString());
            env.put("FERRY_CHECKPOINT", checkpoint.toString());
            env.put("FERRY_RUN_ID", attempt.runId());
            env.put("FERRY_STEP", attempt.stepName());
            env.put("FERRY_MATRIX_INDEX", Integer.toString(attempt.matrixIndex()));
            env.put("FERRY_ATTEMPT", Integer.toString(attempt.number()));
            trackingUri.ifPresent(uri -> env.put("MLFLOW_TRACKING_URI", uri.toString()));

            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new AttemptFailure(
                        AttemptFailure.Reason.FAILED,
                        "step '"
                                + attempt.stepName()
                                + "': cannot start "
                                + argv.getFirst()
                                + ": "
                                + e.getMessage(),
                        Optional.empty());
            }
            MetricsFile metricsFile = new MetricsFile(metricsPath, json, metrics);
            int exit = await(process, attempt, metricsFile);
            metricsFile.finish();
            if (exit != 0) {
                throw new AttemptFailure(
                        AttemptFailure.Reason.FAILED,
                        "step '"
                                + attempt.stepName()
                                + "' exited with code "
                                + exit
                                + " (see its log: ferry logs "
                                + attempt.runId()
                                + " "
                                + attempt.stepName()
                                + ")",
                        Optional.of(exit));
            }
            var collected =
                    new OutputCollector(artifacts, clock).collect(attempt, outputs, Map.of());
            List<LineageEdge> lineage = new ArrayList<>(materialized.lineage());
            lineage.addAll(collected.lineage());
            return new AttemptOutcome(
                    collected.outputs(), collected.records(), lineage, Optional.of(exit));
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "step '"
                            + attempt.stepName()
                            + "': cannot prepare "
                            + dir
                            + ": "
                            + e.getMessage(),
                    e);
        } finally {
            Directories.deleteLater(dir);
        }
    }

    private int await(Process process, Attempt attempt, MetricsFile metricsFile) {
        long deadline =
                attempt.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(Long.MAX_VALUE);
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    ProcessTree.kill(process.toHandle(), killGrace);
                    throw new AttemptFailure(
                            AttemptFailure.Reason.TIMED_OUT,
                            "step '"
                                    + attempt.stepName()
                                    + "' timed out after "
                                    + attempt.timeout().orElseThrow()
                                    + "; its processes were stopped",
                            Optional.empty());
                }
                long wait = Math.min(left, METRICS_POLL.toNanos());
                if (process.waitFor(wait, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    return process.exitValue();
                }
                metricsFile.poll();
            }
        } catch (InterruptedException e) {
            ProcessTree.kill(process.toHandle(), killGrace);
            Thread.currentThread().interrupt();
            throw new AttemptFailure(
                    AttemptFailure.Reason.CANCELLED,
                    "step '" + attempt.stepName() + "' was cancelled; its processes were stopped",
                    Optional.empty());
        } catch (RuntimeException e) {
            ProcessTree.kill(process.toHandle(), killGrace);
            throw e;
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(
                System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    /** Paths become strings; everything else keeps its JSON type. */
    static Object toJson(Object value) {
        return switch (value) {
            case Path p -> p.toString();
            case ArtifactValue a -> a.digest().toString();
            case Map<?, ?> map -> {
                var out = new java.util.LinkedHashMap<String, Object>();
                map.forEach((k, v) -> out.put(String.valueOf(k), toJson(v)));
                yield out;
            }
            case List<?> list -> list.stream().map(ProcessStepExecutor::toJson).toList();
            case null -> null;
            default -> value;
        };
    }
}
