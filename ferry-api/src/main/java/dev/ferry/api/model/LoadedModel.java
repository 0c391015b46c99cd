package dev.ferry.api.model;

import java.util.Map;

/**
 * One loaded instance of a model. {@link #predict} is called by at most {@link #concurrentCalls}
 * threads at a time per instance; the server runs several instances for more parallelism. Closing
 * frees native memory.
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
     * How many calls may run on this instance at the same time. A runtime whose sessions are safe
     * for concurrent use answers more than one, so one instance keeps every core busy without a
     * second copy of its weights. The default is 1.
     */
    default int concurrentCalls() {
        return 1;
    }

    /**
     * Whether {@link #predict(Map, CallCancellation)} stops when its cancellation is cancelled. The
     * server runs such models on the request's own thread; others run on a thread it can abandon
     * when a call overruns its deadline. The default is false.
     */
    default boolean cancellable() {
        return false;
    }

    /**
     * Like {@link #predict(Map)}, stopping soon with {@link ModelException} once {@code
     * cancellation} is cancelled (from another thread, when the request's deadline passes). The
     * default ignores the cancellation.
     */
    default Map<String, Tensor> predict(Map<String, Tensor> inputs, CallCancellation cancellation) {
        return predict(inputs);
    }

    @Override
    void close();
}
