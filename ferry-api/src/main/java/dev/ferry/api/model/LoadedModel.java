package dev.ferry.api.model;

import java.util.Map;

/**
 * One loaded instance of a model. {@link #predict} may be called from one thread at a time per
 * instance; the server runs several instances for parallelism. Closing frees native memory.
 */
public interface LoadedModel extends AutoCloseable {

    /** The inputs and outputs, with -1 for variable dimensions. */
    ModelSignature signature();

    /**
     * Runs the model on named inputs that already match the signature and returns every output.
     * Throws {@link ModelException} when the model fails.
     */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /**
     * Whether {@link #cancel()} can stop a running {@link #predict}. The server runs such models on
     * the request's own thread; others run on a thread it can abandon when a call overruns its
     * deadline. The default is false.
     */
    default boolean cancellable() {
        return false;
    }

    /**
     * Asks the {@link #predict} running on this instance to stop soon; it then throws {@link
     * ModelException}. Called from another thread when the request's deadline passes, possibly more
     * than once. The default does nothing.
     */
    default void cancel() {}

    @Override
    void close();
}
