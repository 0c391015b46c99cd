package dev.ferry.core.engine;

import dev.ferry.core.execution.StepServices;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How an engine runs steps.
 *
 * @param ferryHome {@code FERRY_HOME}: logs, checkpoints and scratch directories go below it
 * @param workingDirectory where process steps start and {@code code:} files are found
 * @param maxParallelSteps how many step attempts may execute at once across all runs
 * @param killGrace time a process tree gets between SIGTERM and SIGKILL
 * @param approvalPoll how often a suspended step checks the metadata store for its approval
 * @param trackingUri MLflow-compatible tracking API given to process steps, if any
 * @param engineId who this engine is, {@code host:pid}; written on every run it drives
 * @param services what built-in steps may look up through {@code StepContext.service}
 */
public record EngineOptions(
        Path ferryHome,
        Path workingDirectory,
        int maxParallelSteps,
        Duration killGrace,
        Duration approvalPoll,
        Optional<URI> trackingUri,
        String engineId,
        StepServices services) {

    public EngineOptions {
        if (maxParallelSteps < 1) {
            throw new EngineException(
                    "maxParallelSteps must be at least 1, got " + maxParallelSteps);
        }
    }

    /** Defaults for {@code ferryHome}: processes start in the current directory. */
    public static EngineOptions defaults(Path ferryHome) {
        return new EngineOptions(
                ferryHome,
                Path.of("").toAbsolutePath(),
                Math.max(4, Runtime.getRuntime().availableProcessors() * 4),
                Duration.ofSeconds(5),
                Duration.ofMillis(500),
                Optional.empty(),
                EngineIdentity.current(),
                new StepServices());
    }

    public EngineOptions withWorkingDirectory(Path dir) {
        return new EngineOptions(
                ferryHome,
                dir,
                maxParallelSteps,
                killGrace,
                approvalPoll,
                trackingUri,
                engineId,
                services);
    }

    public EngineOptions withMaxParallelSteps(int max) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                max,
                killGrace,
                approvalPoll,
                trackingUri,
                engineId,
                services);
    }

    public EngineOptions withKillGrace(Duration grace) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                maxParallelSteps,
                grace,
                approvalPoll,
                trackingUri,
                engineId,
                services);
    }

    public EngineOptions withApprovalPoll(Duration poll) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                maxParallelSteps,
                killGrace,
                poll,
                trackingUri,
                engineId,
                services);
    }

    public EngineOptions withTrackingUri(URI uri) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                maxParallelSteps,
                killGrace,
                approvalPoll,
                Optional.of(uri),
                engineId,
                services);
    }

    public EngineOptions withEngineId(String id) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                maxParallelSteps,
                killGrace,
                approvalPoll,
                trackingUri,
                id,
                services);
    }

    public EngineOptions withServices(StepServices stepServices) {
        return new EngineOptions(
                ferryHome,
                workingDirectory,
                maxParallelSteps,
                killGrace,
                approvalPoll,
                trackingUri,
                engineId,
                stepServices);
    }
}
