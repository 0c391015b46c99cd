package dev.ferry.core.execution;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One attempt of one step (or matrix point), fully resolved: what an executor needs to run it.
 *
 * @param stepRunId the id of the step run record this attempt writes
 * @param matrixIndex position in the step's matrix expansion, 0 without a matrix
 * @param number 1 for the first attempt, 2 for the first retry...
 * @param inputs resolved {@code with:} values, typed; artifacts as {@link ArtifactValue}
 * @param env resolved environment variables of the step (pipeline and step {@code env:})
 * @param declaredOutputs declared output name to its path under the outputs directory
 * @param timeout how long the attempt may run
 */
public record Attempt(
        String runId,
        String stepRunId,
        String stepName,
        int matrixIndex,
        int number,
        Map<String, Object> inputs,
        Map<String, String> env,
        Map<String, String> declaredOutputs,
        Optional<Duration> timeout) {

    public Attempt {
        inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        declaredOutputs = Collections.unmodifiableMap(new LinkedHashMap<>(declaredOutputs));
    }
}
