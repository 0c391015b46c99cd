package dev.ferry.gitops.reconcile;

import dev.ferry.api.FerryException;
import dev.ferry.api.deployment.ServingTargetException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs reconcile passes: every {@code interval}, sooner when a canary window is due, and at once
 * when {@link #trigger()} is called (a webhook). A failing pass (an unreachable repository or
 * server) is retried with exponential backoff up to {@link #MAX_BACKOFF}; what serves keeps
 * serving.
 */
public final class ReconcileLoop {
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

    private final Reconciler reconciler;
    private final Duration interval;
    private final Consumer<String> progress;
    private final Semaphore wake = new Semaphore(0);

    public ReconcileLoop(Reconciler reconciler, Duration interval, Consumer<String> progress) {
        this.reconciler = reconciler;
        this.interval = interval;
        this.progress = progress;
    }

    /** Asks for a pass now; several triggers before it starts make one pass. */
    public void trigger() {
        if (wake.availablePermits() == 0) {
            wake.release();
        }
    }

    /** Runs passes until the thread is interrupted. */
    public void run() throws InterruptedException {
        int failures = 0;
        while (!Thread.currentThread().isInterrupted()) {
            wake.drainPermits();
            Duration next = interval;
            try {
                Reconciler.Pass pass = reconciler.reconcile();
                if (failures > 0) {
                    progress.accept("reconciling again after " + failures + " failed passes");
                }
                failures = 0;
                if (pass.wakeAfter().isPresent() && pass.wakeAfter().get().compareTo(next) < 0) {
                    next = pass.wakeAfter().get();
                }
            } catch (RuntimeException e) {
                // Our own failures carry a message for people; anything else is named by type.
                boolean ours = e instanceof FerryException || e instanceof ServingTargetException;
                failures++;
                next = backoff(interval, failures);
                progress.accept(
                        "reconcile failed: "
                                + (ours ? e.getMessage() : e.toString())
                                + "; retrying in "
                                + dev.ferry.core.manifest.Durations.format(next));
            }
            if (!next.isZero()) {
                wake.tryAcquire(Math.max(1, next.toMillis()), TimeUnit.MILLISECONDS);
            }
        }
        throw new InterruptedException();
    }

    /** The wait after {@code failures} failed passes in a row. */
    static Duration backoff(Duration interval, int failures) {
        Duration d = interval;
        for (int i = 1; i < failures && d.compareTo(MAX_BACKOFF) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }
}
