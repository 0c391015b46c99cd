package dev.ferry.ml.data;

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

/** A step context for tests: real directories under a temp dir, recorded values and outputs. */
public final class RecordingStepContext implements StepContext {
    /** What {@link #describeOutput} recorded. */
    public record Described(String logicalType, String mediaType) {}

    private final Map<String, Object> inputs;
    private final Path root;
    public final Map<String, Object> values = new HashMap<>();
    public final Map<String, Described> described = new HashMap<>();
    public final List<String> log = new ArrayList<>();
    public final List<String> metrics = new ArrayList<>();

    public RecordingStepContext(Path root, Map<String, Object> inputs) {
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

    /** The names of the files written to the outputs directory, without extension. */
    public List<String> outputNames() {
        try (var files = Files.list(outputsDir())) {
            return files.map(p -> p.getFileName().toString().replaceFirst("\\.[^.]*$", ""))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String runId() {
        return "run-1";
    }

    @Override
    public String stepName() {
        return "test";
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
    public void metric(String name, double value, long step) {
        metrics.add(name + "=" + value + "@" + step);
    }

    @Override
    public void value(String name, Object value) {
        values.put(name, value);
    }

    @Override
    public void describeOutput(String name, String logicalType, String mediaType) {
        described.put(name, new Described(logicalType, mediaType));
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
