package dev.ferry.serving.batching;

import dev.ferry.api.model.Tensor;
import dev.ferry.serving.UnavailableException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

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

    /**
     * {@link #submit} and wait, at most until the deadline: the caller gets its outputs, the
     * model's failure, or an UnavailableException once the deadline passes, even if the model call
     * is still running. Schedulers that run on the caller's thread override this to skip the
     * future.
     */
    default Map<String, Tensor> call(Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        CompletableFuture<Map<String, Tensor>> future = submit(inputs, rows, deadlineNanos);
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(false);
            throw new UnavailableException("the request timed out before the model answered");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("the request was interrupted");
        }
    }

    /**
     * Runs the call at once on the caller's thread if that cannot block: an instance is free, the
     * model stops when the deadline passes, and its calls are short. Empty, with nothing run, when
     * the call would have to wait (for an instance, for a batch to form, or on a long model call):
     * the caller then uses {@link #call} from a thread that may block. Lets a transport whose own
     * threads must not block (gRPC's event loops) skip a hand-off for short calls.
     */
    default Optional<Map<String, Tensor>> callNow(
            Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        return Optional.empty();
    }

    /** Stops the workers and fails whatever still waits; instances are closed by the owner. */
    @Override
    void close();
}
