package dev.ferry.api.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One model version to load: its name, version number, the directory holding its files, the
 * signature declared in configuration (if any), the largest batch it takes and runtime options.
 *
 * @param maxBatchSize above 0, the first dimension of every input and output is the batch (rows of
 *     independent requests), as Triton's {@code max_batch_size} declares; 0 when the model does not
 *     batch and its shapes are its own
 */
public record ModelSource(
        String name,
        long version,
        Path directory,
        Optional<ModelSignature> declaredSignature,
        int maxBatchSize,
        RuntimeOptions options) {

    public ModelSource {
        if (version < 1) {
            throw new IllegalArgumentException("model versions start at 1, got " + version);
        }
        if (maxBatchSize < 0) {
            throw new IllegalArgumentException(
                    "max batch size must be 0 (no batching) or more, got " + maxBatchSize);
        }
    }

    /** A named runtime parameter from configuration. */
    public Optional<String> parameter(String key) {
        return Optional.ofNullable(options.parameters().get(key));
    }

    /** Options a runtime may honour: thread counts and free-form parameters. */
    public record RuntimeOptions(
            int intraOpThreads, int interOpThreads, Map<String, String> parameters) {
        public RuntimeOptions {
            parameters = Map.copyOf(parameters);
        }

        /** No thread limits (0 lets the runtime decide) and no parameters. */
        public static RuntimeOptions defaults() {
            return new RuntimeOptions(0, 0, Map.of());
        }
    }
}
