package dev.ferry.bench.mnist;

import dev.ferry.api.step.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The smallest step context that runs a built-in step outside the engine, for measurements. */
final class BenchStepContext implements StepContext {
    private final Path root;
    private final Map<String, Object> inputs;
    final Map<String, Object> values = new HashMap<>();

    BenchStepContext(Path root, Map<String, Object> inputs) {
        this.root = root;
        this.inputs = Map.copyOf(inputs);
        try {
            Files.createDirectories(outputsDir());
            Files.createDirectories(checkpointDir());
            Files.createDirectories(workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String runId() {
        return "bench";
    }

    @Override
    public String stepName() {
        return root.getFileName().toString();
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
        return root.resolve("outputs");
    }

    @Override
    public Path checkpointDir() {
        return root.resolve("checkpoint");
    }

    @Override
    public Path workDir() {
        return root.resolve("work");
    }

    @Override
    public void metric(String name, double value, long step) {}

    @Override
    public void value(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public void describeOutput(String name, String logicalType, String mediaType) {}

    @Override
    public void log(String line) {}

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.empty();
    }
}
