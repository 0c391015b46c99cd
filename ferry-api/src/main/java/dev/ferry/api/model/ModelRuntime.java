package dev.ferry.api.model;

/**
 * Turns a model version on disk into something that predicts. Implementations are found with {@link
 * java.util.ServiceLoader}; the server picks the runtime named by the model's configuration or,
 * without one, the first whose {@link #accepts} says yes.
 */
public interface ModelRuntime {

    /** The name used in configuration, e.g. {@code onnxruntime} or {@code java}. */
    String name();

    /** Other names that select this runtime (Triton platform and backend names). */
    default java.util.Set<String> aliases() {
        return java.util.Set.of();
    }

    /** Whether this runtime can load the version directory without being named explicitly. */
    boolean accepts(ModelSource source);

    /**
     * Loads one instance of the model. Throws {@link ModelException} when the files are missing or
     * invalid; the caller closes the instance to free its native memory.
     */
    LoadedModel load(ModelSource source);
}
