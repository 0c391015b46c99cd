package dev.ferry.serving.batching;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.UnavailableException;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the calls of models that cannot be stopped (Java models) on platform threads of their own,
 * so a scheduler can give up on one at its deadline, and keeps the books of what giving up costs:
 * at most one abandoned call per instance, the replacement instances loaded meanwhile, and closing
 * a replacement that got stuck itself once its call returns.
 */
final class AsideCalls implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AsideCalls.class);

    private final String model;
    private final int maxAbandoned;
    private final Supplier<LoadedModel> replacements;
    private final AtomicInteger abandoned = new AtomicInteger();
    private final Queue<LoadedModel> created = new ConcurrentLinkedQueue<>();
    // Platform threads, not virtual ones: a model computing in Java or in native code holds its
    // thread's carrier until it returns, and with every carrier held no request is read at all,
    // nor is a deadline noticed. A cached pool, since an abandoned call keeps its thread.
    private final ExecutorService threads;
    private volatile boolean closed;

    /**
     * Books for a model with {@code instances} instances; {@code replacements} (may be null: then
     * no call is ever abandoned) loads a fresh instance.
     */
    AsideCalls(String model, int instances, Supplier<LoadedModel> replacements) {
        this.model = model;
        this.maxAbandoned = instances;
        this.replacements = replacements;
        this.threads =
                Executors.newCachedThreadPool(
                        Thread.ofPlatform().daemon().name("model-" + model + "-", 0).factory());
    }

    /**
     * Starts {@code instance.predict(inputs)} on its own thread; {@code onReturn} gets the instance
     * back when the call returns, unless the call was abandoned meanwhile.
     */
    Call start(LoadedModel instance, Map<String, Tensor> inputs, Consumer<LoadedModel> onReturn) {
        return new Call(instance, inputs, onReturn);
    }

    /**
     * Loads a replacement instance and adopts it as one of these books' own (closed with them);
     * null when it cannot be loaded or the books are closed.
     */
    LoadedModel loadReplacement() {
        try {
            LoadedModel fresh = replacements.get();
            if (closed) {
                closeQuietly(fresh);
                return null;
            }
            created.add(fresh);
            LOG.warn(
                    "model '{}': a call overran its deadline; a fresh instance serves until it"
                            + " returns",
                    model);
            return fresh;
        } catch (RuntimeException e) {
            LOG.error(
                    "model '{}': could not load a replacement instance: {}", model, e.getMessage());
            return null;
        }
    }

    /** Closes the replacement instances; calls still running keep theirs until they return. */
    @Override
    public void close() {
        closed = true;
        threads.shutdown(); // calls under way run on and return
        LoadedModel extra;
        while ((extra = created.poll()) != null) {
            closeQuietly(extra);
        }
    }

    private void closeQuietly(LoadedModel instance) {
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.warn("model '{}': closing an overrun instance failed: {}", model, e.getMessage());
        }
    }

    /** Where an aside call stands. */
    private enum State {
        RUNNING,
        ABANDONED,
        RETURNED,
        RETURNED_WHILE_ABANDONED
    }

    /** One call running on a thread of its own. */
    final class Call {
        private final LoadedModel instance;
        private final Consumer<LoadedModel> onReturn;
        private final FutureTask<Map<String, Tensor>> task;
        private Thread runner;
        private State state = State.RUNNING;
        private boolean replaced;
        private boolean settled;

        private Call(
                LoadedModel instance, Map<String, Tensor> inputs, Consumer<LoadedModel> onReturn) {
            this.instance = instance;
            this.onReturn = onReturn;
            this.task =
                    new FutureTask<>(
                            () -> {
                                try {
                                    running();
                                    return instance.predict(inputs);
                                } finally {
                                    returned();
                                }
                            });
            try {
                threads.execute(task);
            } catch (RejectedExecutionException e) {
                throw new UnavailableException("model '" + model + "' is unloading");
            }
        }

        private synchronized void running() {
            runner = Thread.currentThread();
        }

        /** The instance the call runs on. */
        LoadedModel instance() {
            return instance;
        }

        /** The call's outputs, waiting at most until {@code deadlineNanos} ({@code nanoTime}). */
        Map<String, Tensor> await(long deadlineNanos)
                throws TimeoutException, InterruptedException {
            try {
                return task.get(
                        Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r
                        ? r
                        : new ModelException(
                                "model '" + model + "' failed: " + e.getCause(), e.getCause());
            }
        }

        /** Asks the model's thread to stop, if the call still runs; a model may ignore it. */
        synchronized void interrupt() {
            if (runner != null) {
                runner.interrupt();
            }
        }

        /**
         * Gives up on the call, so a replacement may be loaded: true when allowed, false when the
         * call already returned, no replacement can be loaded, or as many calls are abandoned as
         * there are instances. Follow with {@link #replaced} or {@link #resume}.
         */
        synchronized boolean abandon() {
            if (state != State.RUNNING || replacements == null || closed) {
                return false;
            }
            if (abandoned.incrementAndGet() > maxAbandoned) {
                abandoned.decrementAndGet();
                return false;
            }
            state = State.ABANDONED;
            return true;
        }

        /**
         * A replacement took the abandoned call's place: its instance is surplus once it returns.
         */
        void replaced() {
            boolean surplus;
            synchronized (this) {
                replaced = true;
                surplus = state == State.RETURNED_WHILE_ABANDONED;
            }
            if (surplus) {
                retire();
            }
        }

        /**
         * No replacement could be loaded: the instance serves again once its call returns, at once
         * if it already has.
         */
        void resume() {
            boolean giveBack;
            synchronized (this) {
                if (state == State.ABANDONED) {
                    state = State.RUNNING;
                    abandoned.decrementAndGet();
                    return;
                }
                giveBack = state == State.RETURNED_WHILE_ABANDONED;
                if (giveBack) {
                    state = State.RETURNED;
                }
            }
            if (giveBack) {
                onReturn.accept(instance);
            }
        }

        /**
         * Waits until the call returns, however long that takes, and until its instance has been
         * given back or retired, so a caller never sees the instance in between.
         */
        synchronized void awaitReturn() throws InterruptedException {
            while (!settled) {
                wait();
            }
        }

        private void returned() {
            boolean gaveUp;
            boolean surplus;
            synchronized (this) {
                runner = null;
                gaveUp = state == State.ABANDONED;
                state = gaveUp ? State.RETURNED_WHILE_ABANDONED : State.RETURNED;
                surplus = gaveUp && replaced;
                if (gaveUp) {
                    abandoned.decrementAndGet();
                }
            }
            // No interrupt can come once runner is null: one that came late must not reach the
            // thread's next call.
            Thread.interrupted();
            try {
                if (!gaveUp) {
                    onReturn.accept(instance);
                } else if (surplus) {
                    retire();
                }
            } finally {
                synchronized (this) {
                    settled = true;
                    notifyAll();
                }
            }
        }

        /**
         * Closes the instance if it was loaded as a replacement; the version's original instances
         * are closed when the version retires.
         */
        private void retire() {
            if (created.remove(instance)) {
                closeQuietly(instance);
            }
        }
    }
}
