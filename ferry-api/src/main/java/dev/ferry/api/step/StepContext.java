package dev.ferry.api.step;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a running step sees: its resolved inputs, its output and checkpoint directories, and sinks
 * for metrics, values and log lines. The same contract as a process step's {@code FERRY_*}
 * environment, as an object.
 */
public interface StepContext {

    String runId();

    String stepName();

    /** 1 for the first attempt, 2 for the first retry... */
    int attempt();

    /**
     * The resolved {@code with:} values, typed: numbers stay numbers, lists stay lists. An input
     * whose value is an artifact appears as the {@link Path} where it was materialized read-only.
     */
    Map<String, Object> inputs();

    /** Directory whose entries become the step's artifact outputs when the step succeeds. */
    Path outputsDir();

    /** Directory kept across retries and resumes of this same step. */
    Path checkpointDir();

    /** A scratch directory, deleted after the attempt. */
    Path workDir();

    /** Records a metric point now (visible to progress views while the step runs). */
    void metric(String name, double value, long step);

    /** Sets a value output (number, string, boolean, list or map of those). */
    void value(String name, Object value);

    /** Declares the logical type (model, dataset, report...) of an artifact output. */
    void describeOutput(String name, String logicalType, String mediaType);

    /**
     * The directory relative file names in inputs are resolved against: the directory of the
     * pipeline manifest. Defaults to the process's current directory.
     */
    default Path workingDirectory() {
        return Path.of("").toAbsolutePath();
    }

    /**
     * A file input as a path: an artifact arrives as the path it was materialized at; a file name
     * given as text is resolved against {@link #workingDirectory()}.
     */
    default Path resolvePath(Object value) {
        if (value instanceof Path p) {
            return p;
        }
        return workingDirectory().resolve(String.valueOf(value)).normalize();
    }

    /** Appends a line to the step's log. */
    void log(String line);

    /** Looks up a service the engine offers to steps (artifact store, model registry...). */
    <T> Optional<T> service(Class<T> type);

    // --- typed access to inputs, with errors that name the step and the input

    default Object require(String name) {
        Object value = inputs().get(name);
        if (value == null) {
            throw new StepException("step '" + stepName() + "': input '" + name + "' is required");
        }
        return value;
    }

    default Optional<Object> optional(String name) {
        return Optional.ofNullable(inputs().get(name));
    }

    default String string(String name) {
        return String.valueOf(require(name));
    }

    default double number(String name) {
        Object value = require(name);
        if (value instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return Double.parseDouble(value.toString());
        } catch (NumberFormatException e) {
            throw new StepException(
                    "step '"
                            + stepName()
                            + "': input '"
                            + name
                            + "' must be a number, got '"
                            + value
                            + "'");
        }
    }

    default Path path(String name) {
        Object value = require(name);
        if (value instanceof Path p) {
            return p;
        }
        if (value instanceof List<?> list
                && list.size() == 1
                && list.getFirst() instanceof Path p) {
            return p;
        }
        if (value instanceof String text && !text.isBlank()) {
            return resolvePath(text);
        }
        throw new StepException(
                "step '"
                        + stepName()
                        + "': input '"
                        + name
                        + "' must be an artifact (a step output) or a file name, got '"
                        + value
                        + "'");
    }
}
