package dev.ferry.serving.batching;

import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.ModelFailedException;
import dev.ferry.serving.UnavailableException;
import dev.ferry.serving.tensor.TensorBatches;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final Logger LOG = LoggerFactory.getLogger(DynamicBatcher.class);

    /** How long an interrupted call may take to return before its instance is given up. */
    private static final long INTERRUPT_GRACE_MILLIS = 200;

    private final String model;
    private final BatchingPolicy policy;
    private final CallObserver observer;
    private final BlockingQueue<Pending> queue;
    private final CallWatchdog watchdog;
    private final Supplier<LoadedModel> replacements;
    private final List<Thread> workers = new ArrayList<>();
    private final Queue<LoadedModel> created = new ConcurrentLinkedQueue<>();
    private final AtomicInteger abandoned = new AtomicInteger();
    private final int maxAbandoned;
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
        this.replacements = replacements;
        this.maxAbandoned = instances.size();
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
        if (!instance.cancellable() && replacements != null) {
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
        AsideCall call = new AsideCall(instance);
        FutureTask<Map<String, Tensor>> task =
                new FutureTask<>(
                        () -> {
                            try {
                                return instance.predict(inputs);
                            } finally {
                                call.returned();
                            }
                        });
        Thread runner = Thread.ofVirtual().name("model-" + model).start(task);
        try {
            try {
                return task.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                runner.interrupt();
                // a model that honours interrupts returns at once and keeps its instance
                return task.get(INTERRUPT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r
                    ? r
                    : new ModelFailedException(
                            "model '" + model + "' failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new Overran(call, timedOut());
        } catch (InterruptedException e) {
            runner.interrupt();
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
     * The instance a worker goes on with after {@code call} overran: a fresh one, or, once as many
     * calls are abandoned as there are instances, the same one after its call returns.
     */
    private LoadedModel replace(AsideCall call) {
        if (!closed && call.abandon()) {
            try {
                LoadedModel fresh = replacements.get();
                created.add(fresh);
                LOG.warn(
                        "model '{}': a batch call overran every deadline in it; a fresh instance"
                                + " serves until it returns",
                        model);
                return fresh;
            } catch (RuntimeException e) {
                LOG.error(
                        "model '{}': could not load a replacement instance: {}",
                        model,
                        e.getMessage());
                call.unabandon();
            }
        }
        call.awaitReturn();
        return call.instance;
    }

    /** A batch call running aside, and whether its worker went on without it. */
    private final class AsideCall {
        private final LoadedModel instance;
        private boolean done;
        private boolean abandoned;

        AsideCall(LoadedModel instance) {
            this.instance = instance;
        }

        /** The worker goes on without this call; false when too many calls are abandoned. */
        synchronized boolean abandon() {
            if (done) {
                return false;
            }
            if (DynamicBatcher.this.abandoned.incrementAndGet() > maxAbandoned) {
                DynamicBatcher.this.abandoned.decrementAndGet();
                return false;
            }
            abandoned = true;
            return true;
        }

        synchronized void unabandon() {
            if (abandoned) {
                abandoned = false;
                DynamicBatcher.this.abandoned.decrementAndGet();
            }
        }

        synchronized void awaitReturn() {
            while (!done) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        /** The model call returned, however late. */
        void returned() {
            Thread.interrupted(); // an interrupt that came too late must not reach the next call
            boolean close;
            synchronized (this) {
                done = true;
                notifyAll();
                close = abandoned;
                if (abandoned) {
                    DynamicBatcher.this.abandoned.decrementAndGet();
                }
            }
            // Instances the batcher loaded are its own to close; the version's original instances
            // are closed when the version retires.
            if (close && created.remove(instance)) {
                closeQuietly(instance);
            }
        }
    }

    /** A call that outlived its batch's deadlines and could not be stopped. */
    private static final class Overran extends RuntimeException {
        private final transient AsideCall call;
        private final UnavailableException failure;

        Overran(AsideCall call, UnavailableException failure) {
            super(failure.getMessage(), null, false, false);
            this.call = call;
            this.failure = failure;
        }
    }

    private void closeQuietly(LoadedModel instance) {
        try {
            instance.close();
        } catch (RuntimeException e) {
            LOG.warn("model '{}': closing an overrun instance failed: {}", model, e.getMessage());
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
        LoadedModel extra;
        while ((extra = created.poll()) != null) {
            closeQuietly(extra);
        }
    }

    private record Pending(
            Map<String, Tensor> inputs,
            long rows,
            long deadline,
            long enqueued,
            CompletableFuture<Map<String, Tensor>> result) {}
}
