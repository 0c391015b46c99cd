package dev.ferry.serving.batching;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.UnavailableException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs each request on the caller's thread as soon as an instance is free; no batching, no hand-off
 * between threads. Callers are expected to be virtual threads: they block while waiting.
 */
public final class DirectScheduler implements Scheduler {
    private final String model;
    private final BlockingQueue<LoadedModel> idle;
    private final int maxWaiting;
    private final CallObserver observer;
    private final AtomicInteger waiting = new AtomicInteger();
    private volatile boolean closed;

    /** Serves on {@code instances}, letting at most {@code maxWaiting} requests wait for one. */
    public DirectScheduler(
            String model, List<LoadedModel> instances, int maxWaiting, CallObserver observer) {
        this.model = model;
        this.idle = new ArrayBlockingQueue<>(instances.size(), false, instances);
        this.maxWaiting = maxWaiting;
        this.observer = observer;
    }

    @Override
    public CompletableFuture<Map<String, Tensor>> submit(
            Map<String, Tensor> inputs, long rows, long deadlineNanos) {
        if (closed) {
            return CompletableFuture.failedFuture(
                    new UnavailableException("model '" + model + "' is unloading"));
        }
        long start = System.nanoTime();
        LoadedModel instance = idle.poll();
        if (instance == null) {
            if (waiting.incrementAndGet() > maxWaiting) {
                waiting.decrementAndGet();
                return CompletableFuture.failedFuture(
                        new UnavailableException(
                                "model '"
                                        + model
                                        + "' is overloaded: "
                                        + maxWaiting
                                        + " requests already wait"));
            }
            observer.depth(1);
            try {
                instance = idle.poll(Math.max(0, deadlineNanos - start), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return CompletableFuture.failedFuture(
                        new UnavailableException("request to '" + model + "' was interrupted"));
            } finally {
                waiting.decrementAndGet();
                observer.depth(-1);
            }
            if (instance == null) {
                return CompletableFuture.failedFuture(
                        new UnavailableException(
                                "request to model '"
                                        + model
                                        + "' timed out waiting for an instance"));
            }
        }
        long began = System.nanoTime();
        observer.queued(began - start);
        try {
            Map<String, Tensor> out = instance.predict(inputs);
            observer.called(System.nanoTime() - began, rows);
            return CompletableFuture.completedFuture(out);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        } finally {
            idle.add(instance);
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
