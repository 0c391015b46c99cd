package dev.ferry.core.execution;

import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where step attempts keep their files under {@code FERRY_HOME}: logs, checkpoints and scratch work
 * directories.
 */
public record HomeLayout(Path home) {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._-]");

    public HomeLayout {
        home = home.toAbsolutePath().normalize();
    }

    /** The directory holding every log of a run. */
    public Path runLogs(String runId) {
        return home.resolve("logs").resolve(safe(runId));
    }

    /** The log of one attempt: {@code logs/RUN/STEP/INDEX-ATTEMPT.log}. */
    public Path log(String runId, String step, int matrixIndex, int attempt) {
        return runLogs(runId).resolve(safe(step)).resolve(matrixIndex + "-" + attempt + ".log");
    }

    /** A directory kept across retries and resumes of the same step and matrix point. */
    public Path checkpoint(String runId, String step, int matrixIndex) {
        return home.resolve("checkpoints")
                .resolve(safe(runId))
                .resolve(safe(step))
                .resolve(Integer.toString(matrixIndex));
    }

    /** The scratch directory of one attempt; removed when the attempt ends. */
    public Path attempt(String runId, String step, int matrixIndex, int attempt) {
        return home.resolve("work")
                .resolve(safe(runId))
                .resolve(safe(step))
                .resolve(matrixIndex + "-" + attempt);
    }

    private static String safe(String name) {
        return UNSAFE.matcher(name).replaceAll("_");
    }
}
