package dev.ferry.serving.batching;

import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.ModelFailedException;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.tensor.TensorBatches;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Groups queued requests into one model call per instance: a worker thread per instance takes the
 * oldest request, adds compatible ones until the batch is full, reaches a preferred size, or the
 * oldest has waited the maximum delay, then splits the outputs back by rows.
 *
 * <p>A batch call that can be cancelled is stopped once the earliest deadline in it passes. One
 * that cannot (Java models) runs on a thread of its own; when it outlives every deadline in the
 * batch, its worker interrupts it, carries on with a freshly loaded instance and closes the stuck
 * one once its call returns, so one hung call never stops a model for good.
 */
public final class DynamicBatcher implements Scheduler {
    /** How long an interrupted call may take to return before its instance is given up. */
    private static final Duration INTERRUPT_GRACE = Duration.ofMillis(200);

    private final String model;
    private final BatchingPolicy policy;
    private final CallObserver observer;
    private final BlockingQueue<Pending> queue;
    private final CallWatchdog watchdog;
    private final AsideCalls aside;
    private final boolean replaceable;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** Starts one worker per instance; calls are not stopped at their deadline. */
    public DynamicBatcher(
            String model,
            List<LoadedModel> instances,
            BatchingPolicy policy,
            CallObserver observer) {
        this(model, instances, policy, observer, null, null);
    }

    /**
     * Starts one worker per instance; {@code watchdog} (may be null) stops a cancellable batch call
     * once the earliest deadline among its requests passes, and {@code replacements} (may be null)
     * loads the instance that takes over from one stuck in a call that cannot be stopped.
     */
    public DynamicBatcher(
            String model,
            List<LoadedModel> instances,
            BatchingPolicy policy,
            CallObserver observer,
            CallWatchdog watchdog,
            Supplier<LoadedModel> replacements) {
        this.model = model;
        this.watchdog = watchdog;
        this.aside = new AsideCalls(model, instances.size(), replacements);
        this.replaceable = replacements != null;
        this.policy = policy;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(policy.maxQueueSize());
        for (int i = 0; i < instances.size(); i++) {
            LoadedModel instance = instances.get(i);
            workers.add(
                    Thread.ofPlatform()
                            .daemon()
                            .name("batcher-" + model + "-" + i)
                            .start(() -> work(instance)));
        }
    }

    @Override
    public CompletableFuture<Map<String, Tensor>> submit(
            Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        Pending p =
                new Pending(
                        inputs, rows, deadlineNanos, System.nanoTime(), new CompletableFuture<>());
        if (closed) {
            p.result.completeExceptionally(
                    new UnavailableException("model '" + model + "' is unloading"));
        } else if (!queue.offer(p)) {
            p.result.completeExceptionally(
                    new UnavailableException(
                            "model '"
                                    + model
                                    + "' is overloaded: its queue of "
                                    + policy.maxQueueSize()
                                    + " is full"));
        } else {
            observer.depth(1);
        }
        return p.result;
    }

    private void work(LoadedModel first) {
        LoadedModel instance = first;
        Pending carried = null;
        while (!closed || carried != null || !queue.isEmpty()) {
            try {
                boolean fromCarry = carried != null;
                Pending oldest = fromCarry ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (oldest == null) {
                    continue;
                }
                if (!fromCarry) {
                    observer.depth(-1);
                }
                List<Pending> batch = new ArrayList<>();
                long rows = admit(oldest, batch, 0);
                long closeAt = oldest.enqueued + policy.maxQueueDelayMicros() * 1000;
                while (rows < policy.maxBatchSize()) {
                    Pending next = queue.poll();
                    if (next == null) {
                        if (policy.preferredBatchSizes().contains((int) rows)) {
                            break;
                        }
                        long wait = closeAt - System.nanoTime();
                        if (wait <= 0) {
                            break;
                        }
                        next = queue.poll(wait, TimeUnit.NANOSECONDS);
                        if (next == null) {
                            break;
                        }
                    }
                    observer.depth(-1);
                    if (rows + next.rows > policy.maxBatchSize()
                            || !compatible(batch.isEmpty() ? next : batch.getFirst(), next)) {
                        carried = next;
                        break;
                    }
                    rows = admit(next, batch, rows);
                }
                instance = run(instance, batch, rows);
            } catch (InterruptedException e) {
                break;
            }
        }
        failRemaining();
    }

    private long admit(Pending p, List<Pending> batch, long rows) {
        if (p.result.isDone()) {
            return rows; // its caller gave up waiting
        }
        if (System.nanoTime() - p.deadline > 0) {
            p.result.completeExceptionally(
                    new UnavailableException(
                            "request to model '" + model + "' timed out in the queue"));
            return rows;
        }
        batch.add(p);
        return rows + p.rows;
    }

    private static boolean compatible(Pending a, Pending b) {
        for (var e : a.inputs.entrySet()) {
            Tensor other = b.inputs.get(e.getKey());
            List<Long> s = e.getValue().shape();
            if (other == null
                    || !other.shape()
                            .subList(1, other.shape().size())
                            .equals(s.subList(1, s.size()))) {
                return false;
            }
        }
        return true;
    }

    /** Runs one batch; answers the instance to go on with (a replacement after an overrun). */
    private LoadedModel run(LoadedModel instance, List<Pending> batch, long rows) {
        if (batch.isEmpty()) {
            return instance;
        }
        long began = System.nanoTime();
        for (Pending p : batch) {
            observer.queued(began - p.enqueued);
        }
        try {
            Map<String, Tensor> joined = new LinkedHashMap<>();
            for (String name : batch.getFirst().inputs.keySet()) {
                List<Tensor> parts = new ArrayList<>(batch.size());
                for (Pending p : batch) {
                    parts.add(p.inputs.get(name));
                }
                joined.put(name, TensorBatches.concat(parts));
            }
            Map<String, Tensor> out = predict(instance, joined, batch);
            observer.called(System.nanoTime() - began, rows);
            List<Long> sizes = batch.stream().map(p -> p.rows).toList();
            List<Map<String, Tensor>> split = new ArrayList<>();
            batch.forEach(p -> split.add(new LinkedHashMap<>()));
            for (var e : out.entrySet()) {
                List<Tensor> pieces = TensorBatches.split(e.getValue(), sizes);
                for (int i = 0; i < pieces.size(); i++) {
                    split.get(i).put(e.getKey(), pieces.get(i));
                }
            }
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).result.complete(split.get(i));
            }
        } catch (IllegalArgumentException e) {
            ModelFailedException failure =
                    new ModelFailedException(
                            "model '"
                                    + model
                                    + "' returned outputs that cannot be split per request: "
                                    + e.getMessage(),
                            e);
            batch.forEach(p -> p.result.completeExceptionally(failure));
        } catch (Overran e) {
            batch.forEach(p -> p.result.completeExceptionally(e.failure));
            return replace(e.call);
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result.completeExceptionally(e));
        }
        return instance;
    }

    private Map<String, Tensor> predict(
            LoadedModel instance, Map<String, Tensor> inputs, List<Pending> batch) {
        if (!instance.cancellable() && replaceable) {
            long latest = batch.getFirst().deadline;
            for (Pending p : batch) {
                if (p.deadline - latest > 0) {
                    latest = p.deadline;
                }
            }
            return predictAside(instance, inputs, latest);
        }
        if (watchdog == null || !instance.cancellable()) {
            return instance.predict(inputs);
        }
        long deadline = batch.getFirst().deadline;
        for (Pending p : batch) {
            if (p.deadline - deadline < 0) {
                deadline = p.deadline;
            }
        }
        CallCancellation cancellation = new CallCancellation();
        CallWatchdog.Watch watch = watchdog.watch(cancellation, deadline);
        try {
            return instance.predict(inputs, cancellation);
        } catch (RuntimeException e) {
            if (watch.expired()) {
                throw timedOut();
            }
            throw e;
        } finally {
            watch.end();
        }
    }

    /**
     * Runs a call that cannot be stopped on a thread of its own, waiting until the last deadline in
     * the batch; past it the call is interrupted and, if it does not return at once, abandoned.
     */
    private Map<String, Tensor> predictAside(
            LoadedModel instance, Map<String, Tensor> inputs, long deadline) {
        AsideCalls.Call call = aside.start(instance, inputs, returned -> {});
        try {
            try {
                return call.await(deadline);
            } catch (TimeoutException e) {
                call.interrupt();
                // a model that honours interrupts returns at once and keeps its instance
                try {
                    return call.await(System.nanoTime() + INTERRUPT_GRACE.toNanos());
                } catch (RuntimeException stopped) {
                    // how the model ended is its answer to our interrupt: the batch ran out of time
                    throw timedOut();
                }
            }
        } catch (TimeoutException e) {
            throw new Overran(call, timedOut());
        } catch (InterruptedException e) {
            call.interrupt();
            Thread.currentThread().interrupt();
            throw new UnavailableException("request to '" + model + "' was interrupted");
        }
    }

    private UnavailableException timedOut() {
        return new UnavailableException(
                "request to model '"
                        + model
                        + "' timed out: the batch did not finish before its deadline");
    }

    /**
     * The instance a worker goes on with after {@code call} overran: a fresh one, or, when none can
     * be loaded or as many calls are abandoned as there are instances, the same one once its call
     * returns.
     */
    private LoadedModel replace(AsideCalls.Call call) {
        if (!closed && call.abandon()) {
            LoadedModel fresh = aside.loadReplacement();
            if (fresh != null) {
                call.replaced();
                return fresh;
            }
            call.resume();
        }
        try {
            call.awaitReturn();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the worker stops at its next wait
        }
        return call.instance();
    }

    /** A call that outlived its batch's deadlines and could not be stopped. */
    private static final class Overran extends RuntimeException {
        private final transient AsideCalls.Call call;
        private final UnavailableException failure;

        Overran(AsideCalls.Call call, UnavailableException failure) {
            super(failure.getMessage(), null, false, false);
            this.call = call;
            this.failure = failure;
        }
    }

    private void failRemaining() {
        Pending p;
        while ((p = queue.poll()) != null) {
            observer.depth(-1);
            p.result.completeExceptionally(
                    new UnavailableException("model '" + model + "' was unloaded"));
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread t : workers) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        aside.close();
    }

    private record Pending(
            Map<String, Tensor> inputs,
            long rows,
            long deadline,
            long enqueued,
            CompletableFuture<Map<String, Tensor>> result) {}
}
