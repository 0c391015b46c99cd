package dev.ferry.core.execution;

import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.artifact.StoredArtifact;
import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.StepOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Turns what an attempt left in its outputs directory into artifacts: declared outputs by their
 * declared name, every other entry directly under the directory by its file name without extension.
 */
final class OutputCollector {
    private final ArtifactStore artifacts;
    private final Clock clock;

    OutputCollector(ArtifactStore artifacts, Clock clock) {
        this.artifacts = artifacts;
        this.clock = clock;
    }

    /** How a step described one of its outputs. */
    record Description(String logicalType, String mediaType) {}

    /** The stored outputs with their records and lineage. */
    record Collected(
            List<StepOutput> outputs, List<ArtifactRecord> records, List<LineageEdge> lineage) {}

    Collected collect(Attempt attempt, Path outputsDir, Map<String, Description> described) {
        Map<String, Path> named = new TreeMap<>();
        Map<Path, String> declaredPaths = new HashMap<>();
        for (var declared : attempt.declaredOutputs().entrySet()) {
            Path path = outputsDir.resolve(trimSlash(declared.getValue())).normalize();
            if (!path.startsWith(outputsDir)) {
                throw new AttemptFailure(
                        AttemptFailure.Reason.FAILED,
                        "step '"
                                + attempt.stepName()
                                + "': declared output '"
                                + declared.getKey()
                                + "' ("
                                + declared.getValue()
                                + ") points outside the outputs directory",
                        Optional.empty());
            }
            if (!Files.exists(path)) {
                throw new AttemptFailure(
                        AttemptFailure.Reason.FAILED,
                        "step '"
                                + attempt.stepName()
                                + "' declared output '"
                                + declared.getKey()
                                + "' but did not write FERRY_OUTPUTS/"
                                + declared.getValue(),
                        Optional.empty());
            }
            named.put(declared.getKey(), path);
            declaredPaths.put(path, declared.getKey());
        }
        for (Path entry : Files.isDirectory(outputsDir) ? entries(outputsDir) : List.<Path>of()) {
            if (declaredPaths.containsKey(entry) || holdsDeclared(entry, declaredPaths)) {
                continue;
            }
            String name = stem(entry.getFileName().toString());
            Path clash = named.put(name, entry);
            if (clash != null) {
                throw new AttemptFailure(
                        AttemptFailure.Reason.FAILED,
                        "step '"
                                + attempt.stepName()
                                + "' wrote both "
                                + clash.getFileName()
                                + " and "
                                + entry.getFileName()
                                + " to its outputs: both would be output '"
                                + name
                                + "'; declare one under outputs: or rename it",
                        Optional.empty());
            }
        }
        List<StepOutput> outputs = new ArrayList<>();
        List<ArtifactRecord> records = new ArrayList<>();
        List<LineageEdge> lineage = new ArrayList<>();
        for (var output : named.entrySet()) {
            Path path = output.getValue();
            StoredArtifact stored = artifacts.put(path);
            Description description =
                    described.getOrDefault(output.getKey(), guess(path, stored.directory()));
            outputs.add(
                    new StepOutput.ArtifactOutput(
                            output.getKey(),
                            stored.digest(),
                            description.logicalType(),
                            description.mediaType()));
            records.add(
                    new ArtifactRecord(
                            stored.digest(),
                            description.logicalType(),
                            description.mediaType(),
                            stored.size(),
                            stored.directory(),
                            clock.instant()));
            lineage.add(
                    new LineageEdge(
                            stored.digest(),
                            attempt.runId(),
                            attempt.stepRunId(),
                            LineageEdge.Direction.OUTPUT,
                            output.getKey()));
        }
        return new Collected(outputs, records, lineage);
    }

    private static boolean holdsDeclared(Path entry, Map<Path, String> declaredPaths) {
        return declaredPaths.keySet().stream().anyMatch(p -> p.startsWith(entry));
    }

    private static List<Path> entries(Path dir) {
        try (Stream<Path> list = Files.list(dir)) {
            return list.sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list outputs in " + dir, e);
        }
    }

    static String stem(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot > 0 ? fileName.substring(0, dot) : fileName;
    }

    private static String trimSlash(String path) {
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    private static Description guess(Path path, boolean directory) {
        if (directory) {
            return new Description("directory", "application/x-directory");
        }
        String name = path.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
        String media =
                switch (name.substring(name.lastIndexOf('.') + 1)) {
                    case "json" -> "application/json";
                    case "jsonl", "ndjson" -> "application/x-ndjson";
                    case "csv" -> "text/csv";
                    case "txt", "log" -> "text/plain";
                    case "onnx" -> "application/onnx";
                    case "parquet" -> "application/vnd.apache.parquet";
                    case "gz" -> "application/gzip";
                    default -> "application/octet-stream";
                };
        return new Description(name.endsWith(".onnx") ? "model" : "file", media);
    }
}
