package dev.ferry.core.execution;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the {@code FERRY_METRICS} file a process appends JSON lines to ({@code {"name": "loss",
 * "value": 0.3, "step": 2}}), following it while the process runs. A line without {@code step} gets
 * the next index of its metric.
 */
final class MetricsFile {
    private final Path file;
    private final ObjectMapper json;
    private final MetricSink sink;
    private final Map<String, Long> nextStep = new HashMap<>();
    private long offset;
    private int lineNumber;

    MetricsFile(Path file, ObjectMapper json, MetricSink sink) {
        this.file = file;
        this.json = json;
        this.sink = sink;
    }

    /** Passes on every complete line written since the last call. */
    void poll() {
        read(false);
    }

    /** Passes on everything left, including a last line without a newline. */
    void finish() {
        read(true);
    }

    private void read(boolean toEnd) {
        if (!Files.exists(file)) {
            return;
        }
        byte[] chunk;
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length <= offset) {
                return;
            }
            in.seek(offset);
            chunk = new byte[(int) Math.min(length - offset, 16 * 1024 * 1024)];
            in.readFully(chunk);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read metrics file " + file, e);
        }
        int start = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                line(new String(chunk, start, i - start, StandardCharsets.UTF_8));
                start = i + 1;
            }
        }
        if (toEnd && start < chunk.length) {
            line(new String(chunk, start, chunk.length - start, StandardCharsets.UTF_8));
            start = chunk.length;
        }
        offset += start;
    }

    private void line(String text) {
        lineNumber++;
        if (text.isBlank()) {
            return;
        }
        JsonNode node;
        try {
            node = json.readTree(text);
        } catch (IOException e) {
            throw bad(text, "it is not JSON");
        }
        if (node == null || !node.isObject()) {
            throw bad(text, "it is not a JSON object");
        }
        JsonNode name = node.get("name");
        JsonNode value = node.get("value");
        if (name == null || !name.isTextual() || name.asText().isBlank()) {
            throw bad(text, "\"name\" must be a non-empty string");
        }
        if (value == null || !value.isNumber()) {
            throw bad(text, "\"value\" must be a number");
        }
        JsonNode step = node.get("step");
        long index;
        if (step == null || step.isNull()) {
            index = nextStep.getOrDefault(name.asText(), 0L);
        } else if (step.canConvertToLong() && step.isIntegralNumber()) {
            index = step.asLong();
        } else {
            throw bad(text, "\"step\" must be an integer");
        }
        nextStep.put(name.asText(), index + 1);
        sink.metric(name.asText(), value.asDouble(), index);
    }

    private AttemptFailure bad(String text, String why) {
        String shown = text.length() > 200 ? text.substring(0, 200) + "..." : text;
        return new AttemptFailure(
                AttemptFailure.Reason.FAILED,
                "FERRY_METRICS line "
                        + lineNumber
                        + " is not a metric ("
                        + why
                        + "): '"
                        + shown
                        + "'; expected {\"name\": \"loss\", \"value\": 0.25, \"step\": 3}",
                Optional.empty());
    }
}
