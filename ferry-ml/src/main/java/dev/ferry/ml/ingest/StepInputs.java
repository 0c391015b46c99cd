package dev.ferry.ml.ingest;

import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Reads input files of ingest steps: artifacts arrive as paths, plain file names as text. */
final class StepInputs {
    private StepInputs() {}

    static Path file(StepContext context, String name) {
        Path file = context.path(name);
        if (!Files.isRegularFile(file)) {
            throw new StepException(
                    "step '"
                            + context.stepName()
                            + "': input '"
                            + name
                            + "' names "
                            + file.toAbsolutePath()
                            + ", which is not a readable file");
        }
        return file;
    }

    /** A list input given as a YAML list or as one comma-separated string. */
    static java.util.List<String> list(StepContext context, String name) {
        return context.optional(name)
                .map(
                        v ->
                                v instanceof java.util.List<?> l
                                        ? l.stream().map(String::valueOf).toList()
                                        : java.util.Arrays.stream(String.valueOf(v).split(","))
                                                .map(String::strip)
                                                .filter(s -> !s.isEmpty())
                                                .toList())
                .orElse(java.util.List.of());
    }

    static Optional<String> text(StepContext context, String name) {
        return context.optional(name).map(String::valueOf).filter(s -> !s.isBlank());
    }
}
