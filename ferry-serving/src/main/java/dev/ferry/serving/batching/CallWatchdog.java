package dev.ferry.serving.batching;

import dev.ferry.api.model.CallCancellation;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops model calls that run past their request's deadline. Calls register a {@link Watch} (two set
 * operations, no timer per request); one thread looks at the running calls every period and asks
 * each overdue one to {@link CallCancellation#cancel() stop}, again on every look until the call
 * returns.
 */
public final class CallWatchdog implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CallWatchdog.class);

    private final Set<Watch> running = ConcurrentHashMap.newKeySet();
    private final long periodNanos;
    private final Thread thread;
    private volatile boolean closed;

    /** A watchdog looking every {@code period}: the precision of deadlines for running calls. */
    public CallWatchdog(Duration period) {
        this.periodNanos = period.toNanos();
        // A platform thread: the calls it must stop may hold every carrier thread, and a virtual
        // watchdog would wait for one of them to return before it could stop any.
        this.thread = Thread.ofPlatform().daemon().name("ferry-call-watchdog").start(this::loop);
    }

    /** Starts watching a call stopped through {@code call}; end the watch when it returns. */
    public Watch watch(CallCancellation call, long deadlineNanos) {
        Watch w = new Watch(call, deadlineNanos);
        running.add(w);
        return w;
    }

    private void loop() {
        while (!closed) {
            try {
                Thread.sleep(Duration.ofNanos(periodNanos));
            } catch (InterruptedException e) {
                return;
            }
            long now = System.nanoTime();
            for (Watch w : running) {
                if (now - w.deadline > 0) {
                    w.cancel();
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
    }

    /** One watched call. */
    public final class Watch {
        private final CallCancellation call;
        private final long deadline;
        private boolean ended;
        private volatile boolean expired;

        private Watch(CallCancellation call, long deadline) {
            this.call = call;
            this.deadline = deadline;
        }

        private synchronized void cancel() {
            if (ended) {
                return;
            }
            expired = true;
            try {
                call.cancel();
            } catch (RuntimeException e) {
                LOG.warn("cancelling an overdue model call failed: {}", e.toString());
            }
        }

        /** Whether the deadline passed while the call ran and it was asked to stop. */
        public boolean expired() {
            return expired;
        }

        /** The call returned: it is no longer watched and will not be cancelled. */
        public void end() {
            running.remove(this);
            synchronized (this) {
                ended = true;
            }
        }
    }
}
