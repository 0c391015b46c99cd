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

    @Override
    void close();
}
