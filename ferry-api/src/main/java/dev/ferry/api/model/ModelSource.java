package dev.ferry.api.model;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * One model version to load: its name, version number, the directory holding its files, the
 * signature declared in configuration (if any) and runtime options.
 */
public record ModelSource(
        String name,
        long version,
        Path directory,
        Optional<ModelSignature> declaredSignature,
        RuntimeOptions options) {

    public ModelSource {
        if (version < 1) {
            throw new IllegalArgumentException("model versions start at 1, got " + version);
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
