package dev.ferry.core.engine;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Runs the nodes of a dependency graph, each on its own virtual thread, as soon as every node it
 * depends on has finished (whatever the outcome: the node decides what an upstream failure means
 * for it). Independent branches run concurrently.
 */
final class Scheduler {

    /** The work of one node; it must record its own outcome and should not throw. */
    @FunctionalInterface
    interface Task {
        void run(String node) throws Exception;
    }

    /**
     * What happened: nodes never started because the run was cancelled, in graph order, and nodes
     * whose task threw.
     */
    record Result(List<String> notStarted, Map<String, Throwable> crashed) {}

    private final Map<String, List<String>> dependencies;
    private volatile boolean cancelled;

    /** {@code dependencies}: every node to the nodes it waits for, in the order to start them. */
    Scheduler(Map<String, List<String>> dependencies) {
        this.dependencies = new LinkedHashMap<>(dependencies);
        for (var entry : this.dependencies.entrySet()) {
            for (String dependency : entry.getValue()) {
                if (!this.dependencies.containsKey(dependency)) {
                    throw new IllegalArgumentException(
                            entry.getKey() + " depends on unknown node " + dependency);
                }
            }
        }
    }

    /** Runs every node; blocks until all started nodes have finished. */
    Result run(Task task) throws InterruptedException {
        Map<String, Integer> waiting = new HashMap<>();
        Map<String, List<String>> dependents = new HashMap<>();
        for (var entry : dependencies.entrySet()) {
            waiting.put(entry.getKey(), entry.getValue().size());
            for (String dependency : entry.getValue()) {
                dependents.computeIfAbsent(dependency, k -> new ArrayList<>()).add(entry.getKey());
            }
        }
        BlockingQueue<String> finished = new LinkedBlockingQueue<>();
        Map<String, Throwable> crashed = new ConcurrentHashMap<>();
        List<String> started = new ArrayList<>();
        int active = 0;
        for (String node : dependencies.keySet()) {
            if (waiting.get(node) == 0 && !cancelled) {
                start(node, task, finished, crashed);
                started.add(node);
                active++;
            }
        }
        while (active > 0) {
            String done = finished.take();
            active--;
            for (String dependent : dependents.getOrDefault(done, List.of())) {
                if (waiting.merge(dependent, -1, Integer::sum) == 0 && !cancelled) {
                    start(dependent, task, finished, crashed);
                    started.add(dependent);
                    active++;
                }
            }
        }
        List<String> notStarted = new ArrayList<>(dependencies.keySet());
        notStarted.removeAll(started);
        return new Result(notStarted, Map.copyOf(crashed));
    }

    /**
     * Starts nothing new; nodes already running finish on their own (the engine stops their work
     * through its own interruptible sections).
     */
    void cancel() {
        cancelled = true;
    }

    boolean isCancelled() {
        return cancelled;
    }

    private void start(
            String node,
            Task task,
            BlockingQueue<String> finished,
            Map<String, Throwable> crashed) {
        Thread.ofVirtual()
                .name("step-" + node)
                .start(
                        () -> {
                            try {
                                task.run(node);
                            } catch (Throwable t) {
                                crashed.put(node, t);
                            } finally {
                                finished.add(node);
                            }
                        });
    }
}
