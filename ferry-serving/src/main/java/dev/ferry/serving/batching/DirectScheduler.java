package dev.ferry.serving.batching;

import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.UnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs each request as soon as an instance has room for another call; no batching. An instance
 * takes as many calls at once as it {@linkplain LoadedModel#concurrentCalls() allows}, and callers
 * that find none free wait in arrival order. A model that can be cancelled (ONNX Runtime) runs on
 * the caller's thread, with no hand-off and no future, while its calls are short; once they
 * typically take longer than {@link #INLINE_LIMIT_NANOS}, they run on platform threads of the
 * model's own, so a long native call does not hold one of the few carrier threads every request
 * needs. Either way the {@link CallWatchdog} stops it when the request's deadline passes. Any other
 * model runs on a thread of its own while the caller waits until the deadline: a call that hangs
 * costs its caller a 503, never the server, and its instance is replaced so the model keeps
 * serving. Callers are expected to be virtual threads: they block while waiting.
 */
public final class DirectScheduler implements Scheduler {
    /**
     * Calls typically shorter than this run on the caller's virtual thread. A hand-off to another
     * thread costs tens of microseconds: for an MLP taking ~0.25 ms a call it cost a fifth of the
     * throughput (unbatched at 64 connections, though it cut the p99 from ~120 to ~35 ms). Longer
     * calls are handed off, for less than a twentieth of their time: a native call holds its
     * carrier until it returns, and with every carrier inside the model no other request is even
     * read (an MLP taking ~1-2 ms a call, unbatched at 64 connections: p50 2-100 ms, p99 0.6-2.6 s
     * inline; p99 ~0.1-0.2 s handed off).
     */
    static final long INLINE_LIMIT_NANOS = 1_000_000;

    private final String model;
    // Replacements are only loaded for instances that cannot be stopped, so this never changes.
    private final boolean cancellable;
    private final BlockingQueue<LoadedModel> idle;
    private final int maxWaiting;
    private final CallObserver observer;
    private final CallWatchdog watchdog;
    private final AsideCalls aside;
    private final AtomicInteger waiting = new AtomicInteger();
    private final ExecutorService callThreads;
    // A typical call's time; concurrent updates may lose one, which only delays the estimate.
    private volatile long typicalCallNanos;
    private volatile boolean closed;

    /**
     * Serves on {@code instances}, letting at most {@code maxWaiting} requests wait for one. The
     * watchdog stops cancellable calls at their deadline; {@code replacements} loads a fresh
     * instance when a call that cannot be cancelled overruns its deadline (at most one per instance
     * at a time).
     */
    public DirectScheduler(
            String model,
            List<LoadedModel> instances,
            int maxWaiting,
            CallObserver observer,
            CallWatchdog watchdog,
            Supplier<LoadedModel> replacements) {
        this.model = model;
        this.cancellable = instances.stream().allMatch(LoadedModel::cancellable);
        List<LoadedModel> slots = new ArrayList<>();
        for (LoadedModel instance : instances) {
            for (int i = 0; i < Math.max(1, instance.concurrentCalls()); i++) {
                slots.add(instance);
            }
        }
        // Fair: under overload a request that just arrived must not take the slot a waiting one
        // was woken for, or a few unlucky callers wait many times over and make the tail.
        this.idle = new ArrayBlockingQueue<>(slots.size() + instances.size(), true, slots);
        this.maxWaiting = maxWaiting;
        this.observer = observer;
        this.watchdog = watchdog;
        this.aside = new AsideCalls(model, instances.size(), replacements);
        // Threads start on first use only: a model with short calls never has any.
        this.callThreads =
                Executors.newFixedThreadPool(
                        slots.size(),
                        Thread.ofPlatform()
                                .daemon()
                                .name("model-" + model + "-call-", 0)
                                .factory());
    }

    @Override
    public CompletableFuture<Map<String, Tensor>> submit(
            Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        try {
            return CompletableFuture.completedFuture(call(inputs, rows, deadlineNanos));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    @Override
    public Map<String, Tensor> call(Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        if (closed) {
            throw new UnavailableException("model '" + model + "' is unloading");
        }
        long start = System.nanoTime();
        LoadedModel instance = idle.poll();
        if (instance == null) {
            instance = await(start, deadlineNanos);
        }
        long began = System.nanoTime();
        observer.queued(began - start);
        if (instance.cancellable()) {
            return runCancellable(
                    instance,
                    inputs,
                    rows,
                    deadlineNanos,
                    began,
                    typicalCallNanos < INLINE_LIMIT_NANOS);
        }
        Map<String, Tensor> out = runAside(instance, inputs, deadlineNanos);
        observer.called(System.nanoTime() - began, rows);
        return out;
    }

    @Override
    public Optional<Map<String, Tensor>> callNow(
            Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        if (closed || !cancellable || typicalCallNanos >= INLINE_LIMIT_NANOS) {
            return Optional.empty();
        }
        LoadedModel instance = idle.poll();
        if (instance == null) {
            return Optional.empty();
        }
        observer.queued(0);
        return Optional.of(
                runCancellable(instance, inputs, rows, deadlineNanos, System.nanoTime(), true));
    }

    /** Runs a cancellable call here or on a call thread, learns its time and frees the instance. */
    private Map<String, Tensor> runCancellable(
            LoadedModel instance,
            Map<String, Tensor> inputs,
            long rows,
            long deadlineNanos,
            long began,
            boolean here) {
        try {
            Map<String, Tensor> out =
                    here
                            ? runHere(instance, inputs, deadlineNanos)
                            : runOnCallThread(instance, inputs, deadlineNanos);
            long took = System.nanoTime() - began;
            learn(took);
            observer.called(took, rows);
            return out;
        } finally {
            idle.add(instance);
        }
    }

    private LoadedModel await(long start, long deadlineNanos) {
        if (waiting.incrementAndGet() > maxWaiting) {
            waiting.decrementAndGet();
            throw new UnavailableException(
                    "model '"
                            + model
                            + "' is overloaded: "
                            + maxWaiting
                            + " requests already wait");
        }
        observer.depth(1);
        LoadedModel instance;
        try {
            instance = idle.poll(Math.max(0, deadlineNanos - start), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnavailableException("request to '" + model + "' was interrupted");
        } finally {
            waiting.decrementAndGet();
            observer.depth(-1);
        }
        if (instance == null) {
            throw new UnavailableException(
                    "request to model '" + model + "' timed out waiting for an instance");
        }
        return instance;
    }

    private Map<String, Tensor> runHere(
            LoadedModel instance, Map<String, Tensor> inputs, long deadlineNanos) {
        CallCancellation cancellation = new CallCancellation();
        CallWatchdog.Watch watch = watchdog.watch(cancellation, deadlineNanos);
        try {
            return instance.predict(inputs, cancellation);
        } catch (ModelException e) {
            if (watch.expired()) {
                throw timedOut();
            }
            throw e;
        } finally {
            watch.end();
        }
    }

    /**
     * Moves the typical call time towards {@code took}: slowly up and quickly down, so calls slowed
     * by a cold start, a collection or a preempted carrier do not count as the model's usual pace.
     */
    private void learn(long took) {
        long typical = typicalCallNanos;
        typicalCallNanos =
                took > typical ? typical + (took - typical) / 64 : typical - (typical - took) / 8;
    }

    /**
     * Runs a cancellable call on one of the model's platform threads and waits for it. The wait
     * ignores interrupts ({@code join}): the instance is only free once the call returns, and the
     * watchdog ends the call by its deadline.
     */
    private Map<String, Tensor> runOnCallThread(
            LoadedModel instance, Map<String, Tensor> inputs, long deadlineNanos) {
        try {
            return CompletableFuture.supplyAsync(
                            () -> runHere(instance, inputs, deadlineNanos), callThreads)
                    .join();
        } catch (RejectedExecutionException e) {
            throw new UnavailableException("model '" + model + "' is unloading");
        } catch (CompletionException e) {
            // runHere throws only unchecked exceptions: pass the model's own on unchanged.
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw (RuntimeException) e.getCause();
        }
    }

    /**
     * Runs a model that cannot be stopped on a platform thread of its own, so the caller can answer
     * at its deadline. The instance goes back to the pool only once its call returns, unless a
     * replacement took its place meanwhile.
     */
    private Map<String, Tensor> runAside(
            LoadedModel instance, Map<String, Tensor> inputs, long deadlineNanos) {
        AsideCalls.Call call = aside.start(instance, inputs, this::giveBackUnlessClosed);
        try {
            return call.await(deadlineNanos);
        } catch (TimeoutException e) {
            call.interrupt();
            if (call.abandon()) {
                replace(call);
            }
            throw timedOut();
        } catch (InterruptedException e) {
            call.interrupt();
            Thread.currentThread().interrupt();
            throw new UnavailableException("request to '" + model + "' was interrupted");
        }
    }

    private void giveBackUnlessClosed(LoadedModel instance) {
        if (!closed) {
            idle.add(instance);
        }
    }

    private UnavailableException timedOut() {
        return new UnavailableException(
                "request to model '" + model + "' timed out: the model did not answer in time");
    }

    /** Loads a fresh instance in the background to serve while an overrun call still runs. */
    private void replace(AsideCalls.Call overrun) {
        Thread.ofVirtual()
                .name("model-" + model + "-replacement")
                .start(
                        () -> {
                            LoadedModel fresh = aside.loadReplacement();
                            if (fresh == null) {
                                // the overrun instance serves again once its call returns
                                overrun.resume();
                                return;
                            }
                            overrun.replaced();
                            idle.add(fresh);
                        });
    }

    @Override
    public void close() {
        closed = true;
        aside.close();
        callThreads.shutdown(); // calls under way finish; their callers are waiting for them
    }
}
