package dev.ferry.core.execution;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stops a process and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever is
 * still alive after a grace period.
 */
final class ProcessTree {
    private ProcessTree() {}

    /** Terminates {@code root} and its descendants; returns once all of them are gone. */
    static void kill(ProcessHandle root, Duration grace) {
        // Snapshot first: once the root dies its children are re-parented and no longer
        // reachable as its descendants.
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(root);
        root.descendants().forEach(tree::add);
        tree.forEach(ProcessHandle::destroy);
        List<ProcessHandle> later = new ArrayList<>();
        root.descendants().forEach(later::add);
        later.stream()
                .filter(p -> !tree.contains(p))
                .forEach(
                        p -> {
                            tree.add(p);
                            p.destroy();
                        });
        long deadline = System.nanoTime() + grace.toNanos();
        for (ProcessHandle process : tree) {
            long left = deadline - System.nanoTime();
            if (left > 0 && awaitExit(process, left)) {
                continue;
            }
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (ProcessHandle process : tree) {
            awaitExit(process, TimeUnit.SECONDS.toNanos(10));
        }
    }

    private static boolean awaitExit(ProcessHandle process, long nanos) {
        if (!process.isAlive()) {
            return true;
        }
        CompletableFuture<ProcessHandle> exit = process.onExit();
        try {
            exit.get(nanos, TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return !process.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }
}
