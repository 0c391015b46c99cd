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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Groups queued requests into one model call per instance: a worker thread per instance takes the
 * oldest request, adds compatible ones until the batch is full, reaches a preferred size, or the
 * oldest has waited the maximum delay, then splits the outputs back by rows.
 */
public final class DynamicBatcher implements Scheduler {
    private final String model;
    private final BatchingPolicy policy;
    private final CallObserver observer;
    private final BlockingQueue<Pending> queue;
    private final CallWatchdog watchdog;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean closed;

    /** Starts one worker per instance; calls are not stopped at their deadline. */
    public DynamicBatcher(
            String model,
            List<LoadedModel> instances,
            BatchingPolicy policy,
            CallObserver observer) {
        this(model, instances, policy, observer, null);
    }

    /**
     * Starts one worker per instance; {@code watchdog} (may be null) stops a cancellable batch call
     * once the earliest deadline among its requests passes.
     */
    public DynamicBatcher(
            String model,
            List<LoadedModel> instances,
            BatchingPolicy policy,
            CallObserver observer,
            CallWatchdog watchdog) {
        this.model = model;
        this.watchdog = watchdog;
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

    private void work(LoadedModel instance) {
        Pending carried = null;
        while (!closed || carried != null || !queue.isEmpty()) {
            try {
                boolean fromCarry = carried != null;
                Pending first = fromCarry ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                if (!fromCarry) {
                    observer.depth(-1);
                }
                List<Pending> batch = new ArrayList<>();
                long rows = admit(first, batch, 0);
                long closeAt = first.enqueued + policy.maxQueueDelayMicros() * 1000;
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
                run(instance, batch, rows);
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

    private void run(LoadedModel instance, List<Pending> batch, long rows) {
        if (batch.isEmpty()) {
            return;
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
        } catch (RuntimeException e) {
            batch.forEach(p -> p.result.completeExceptionally(e));
        }
    }

    private Map<String, Tensor> predict(
            LoadedModel instance, Map<String, Tensor> inputs, List<Pending> batch) {
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
                throw new UnavailableException(
                        "request to model '"
                                + model
                                + "' timed out: the batch did not finish before its deadline");
            }
            throw e;
        } finally {
            watch.end();
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
    }

    private record Pending(
            Map<String, Tensor> inputs,
            long rows,
            long deadline,
            long enqueued,
            CompletableFuture<Map<String, Tensor>> result) {}
}
