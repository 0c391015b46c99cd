package dev.ferry.serving.batching;

import dev.ferry.api.model.Tensor;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Runs validated requests on a model version's instances. Implementations bound their queue and
 * fail fast with UnavailableException when it is full or a request's deadline passes.
 */
public interface Scheduler extends AutoCloseable {

    /**
     * Submits inputs holding {@code rows} rows (1 for models that do not batch); the future
     * completes with every output of the model for exactly these rows.
     *
     * @param deadlineNanos {@link System#nanoTime()} after which the request is abandoned
     */
    CompletableFuture<Map<String, Tensor>> submit(
            Map<String, Tensor> inputs, long rows, long deadlineNanos);

    /** Stops the workers and fails whatever still waits; instances are closed by the owner. */
    @Override
    void close();
}
