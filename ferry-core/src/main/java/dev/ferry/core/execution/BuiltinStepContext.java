package dev.ferry.core.execution;

import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The {@link StepContext} a built-in step runs with; the object form of the process contract. */
final class BuiltinStepContext implements StepContext {
    private final Attempt attempt;
    private final Map<String, Object> inputs;
    private final LazyDirectory outputs;
    private final LazyDirectory checkpoint;
    private final LazyDirectory work;
    private final MetricSink metrics;
    private final LazyLog log;
    private final StepServices services;
    private final Path workingDirectory;
    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, OutputCollector.Description> described = new LinkedHashMap<>();

    BuiltinStepContext(
            Attempt attempt,
            Map<String, Object> inputs,
            LazyDirectory outputs,
            LazyDirectory checkpoint,
            LazyDirectory work,
            MetricSink metrics,
            LazyLog log,
            StepServices services,
            Path workingDirectory) {
        this.workingDirectory = workingDirectory;
        this.attempt = attempt;
        this.inputs = Collections.unmodifiableMap(new LinkedHashMap<>(inputs));
        this.outputs = outputs;
        this.checkpoint = checkpoint;
        this.work = work;
        this.metrics = metrics;
        this.log = log;
        this.services = services;
    }

    @Override
    public String runId() {
        return attempt.runId();
    }

    @Override
    public String stepName() {
        return attempt.stepName();
    }

    @Override
    public int attempt() {
        return attempt.number();
    }

    @Override
    public Map<String, Object> inputs() {
        return inputs;
    }

    @Override
    public Path outputsDir() {
        return outputs.get();
    }

    @Override
    public Path checkpointDir() {
        return checkpoint.get();
    }

    @Override
    public Path workDir() {
        return work.get();
    }

    @Override
    public void metric(String name, double value, long step) {
        metrics.metric(name, value, step);
    }

    @Override
    public synchronized void value(String name, Object value) {
        if (name == null || name.isBlank()) {
            throw new StepException("step '" + stepName() + "': a value output needs a name");
        }
        values.put(name, value);
    }

    @Override
    public synchronized void describeOutput(String name, String logicalType, String mediaType) {
        described.put(name, new OutputCollector.Description(logicalType, mediaType));
    }

    @Override
    public void log(String line) {
        log.line(line);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return services.find(type);
    }

    synchronized Map<String, Object> values() {
        return new LinkedHashMap<>(values);
    }

    synchronized Map<String, OutputCollector.Description> described() {
        return new LinkedHashMap<>(described);
    }

    @Override
    public Path workingDirectory() {
        return workingDirectory;
    }
}
