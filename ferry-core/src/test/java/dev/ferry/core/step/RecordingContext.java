package dev.ferry.core.step;

import dev.ferry.api.step.StepContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A step context over directories of a test, recording what the step reports. */
final class RecordingContext implements StepContext {
    private final Map<String, Object> inputs;
    private final Path outputs;
    final Map<String, Object> values = new LinkedHashMap<>();
    final Map<String, List<String>> described = new LinkedHashMap<>();
    final List<String> log = new ArrayList<>();

    RecordingContext(Map<String, Object> inputs, Path outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String stepName() {
        return "fetch";
    }

    @Override
    public int attempt() {
        return 1;
    }

    @Override
    public Map<String, Object> inputs() {
        return inputs;
    }

    @Override
    public Path outputsDir() {
        return outputs;
    }

    @Override
    public Path checkpointDir() {
        return outputs.resolveSibling("checkpoint");
    }

    @Override
    public Path workDir() {
        return outputs.resolveSibling("work");
    }

    @Override
    public void metric(String name, double value, long step) {}

    @Override
    public void value(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public void describeOutput(String name, String logicalType, String mediaType) {
        described.put(name, List.of(logicalType, mediaType));
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}
