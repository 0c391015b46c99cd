package dev.ferry.api.model;

import dev.ferry.api.artifact.Digest;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Where a model version came from.
 *
 * @param runId the pipeline run that produced it
 * @param stepName the step of that run that registered it
 * @param data the datasets it was trained and evaluated on, by role (train, eval...)
 * @param parameters the training parameters (learning_rate, epochs, seed...)
 * @param codeVersion the code the run executed (pipeline digest or VCS revision)
 */
public record ModelLineage(
        String runId,
        String stepName,
        Map<String, Digest> data,
        Map<String, Object> parameters,
        Optional<String> codeVersion) {
    public ModelLineage {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(stepName, "stepName");
        data = Map.copyOf(data);
        parameters = Map.copyOf(parameters);
        Objects.requireNonNull(codeVersion, "codeVersion");
    }
}
