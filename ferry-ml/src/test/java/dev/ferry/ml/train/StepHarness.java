package dev.ferry.ml.train;

import dev.ferry.api.step.StepContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step context for the learning steps' tests: real directories, recorded metrics, values and
 * outputs, and real engine services (artifact store, model registry) handed in by the test.
 */
public final class StepHarness implements StepContext {
    /** One recorded metric point. */
    public record Point(String name, double value, long step) {}

    private final Path root;
    private final String stepName;
    private final Map<String, Object> inputs;
    private final Map<Class<?>, Object> services = new HashMap<>();
    public final List<Point> metrics = new ArrayList<>();
    public final Map<String, Object> values = new HashMap<>();
    public final Map<String, String> logicalTypes = new HashMap<>();
    public final List<String> log = new ArrayList<>();

    public StepHarness(Path root, String stepName, Map<String, Object> inputs) {
        this.root = root;
        this.stepName = stepName;
        this.inputs = new HashMap<>(inputs);
        try {
            Files.createDirectories(outputsDir());
            Files.createDirectories(checkpointDir());
            Files.createDirectories(workDir());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public <T> StepHarness with(Class<T> type, T service) {
        services.put(type, service);
        return this;
    }

    /** The files the step left in its outputs directory, by name. */
    public List<String> outputFiles() {
        try (var files = Files.list(outputsDir())) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path output(String file) {
        return outputsDir().resolve(file);
    }

    public List<Double> metric(String name) {
        return metrics.stream().filter(p -> p.name().equals(name)).map(Point::value).toList();
    }

    @Override
    public String runId() {
        return "run-test";
    }

    @Override
    public String stepName() {
        return stepName;
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
        return root.resolve(stepName).resolve("outputs");
    }

    @Override
    public Path checkpointDir() {
        return root.resolve(stepName).resolve("checkpoint");
    }

    @Override
    public Path workDir() {
        return root.resolve(stepName).resolve("work");
    }

    @Override
    public void metric(String name, double value, long step) {
        metrics.add(new Point(name, value, step));
    }

    @Override
    public void value(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public void describeOutput(String name, String logicalType, String mediaType) {
        logicalTypes.put(name, logicalType);
    }

    @Override
    public void log(String line) {
        log.add(line);
    }

    @Override
    public <T> Optional<T> service(Class<T> type) {
        return Optional.ofNullable(type.cast(services.get(type)));
    }
}
