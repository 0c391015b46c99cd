package dev.ferry.core.bus;

import dev.ferry.api.event.EventBus;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One subscription: a bounded queue and the virtual thread that hands its events to a handler. */
final class Subscriber implements EventBus.Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(Subscriber.class);

    /** Queued after the last event on close; compared by identity. */
    private static final CloudEvent END =
            CloudEventBuilder.v1()
                    .withId("end")
                    .withSource(URI.create("ferry:bus"))
                    .withType("dev.ferry.bus.end")
                    .build();

    private final Predicate<CloudEvent> filter;
    private final Consumer<CloudEvent> handler;
    private final BlockingQueue<CloudEvent> queue;
    private final int capacity;
    private final AtomicLong failed;
    private final Consumer<Subscriber> onClose;
    private final AtomicLong abandoned = new AtomicLong();
    private volatile boolean accepting = true;
    private Thread thread;

    Subscriber(
            Predicate<CloudEvent> filter,
            Consumer<CloudEvent> handler,
            int capacity,
            AtomicLong failed,
            Consumer<Subscriber> onClose) {
        this.filter = filter;
        this.handler = handler;
        // One spare slot so the end marker always fits.
        this.queue = new ArrayBlockingQueue<>(capacity + 1);
        this.failed = failed;
        this.onClose = onClose;
        this.capacity = capacity;
    }

    Predicate<CloudEvent> filter() {
        return filter;
    }

    void start() {
        thread = Thread.ofVirtual().name("ferry-event-subscriber").start(this::dispatch);
    }

    /** Queues an event without waiting; false when the queue is full or closing. */
    boolean offer(CloudEvent event) {
        return accepting && queue.size() < capacity && queue.offer(event);
    }

    private void dispatch() {
        try {
            while (true) {
                CloudEvent event = queue.take();
                if (event == END) {
                    return;
                }
                try {
                    handler.accept(event);
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    LOG.warn("event handler failed on {} ({})", event.getId(), event.getType(), e);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Delivers what is queued (waiting at most {@code timeout}), then stops the thread. */
    void drainAndStop(Duration timeout) {
        accepting = false;
        try {
            // Waits only if racing publishers filled the spare slot; the thread is draining.
            queue.offer(END, timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stop(timeout);
    }

    /** Stops delivery now; queued events are abandoned. */
    @Override
    public void close() {
        accepting = false;
        onClose.accept(this);
        queue.clear();
        queue.offer(END);
        if (Thread.currentThread() != thread) {
            stop(Duration.ofSeconds(5));
        }
    }

    private void stop(Duration timeout) {
        try {
            if (!thread.join(timeout)) {
                thread.interrupt();
                thread.join(timeout);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = queue.stream().filter(e -> e != END).count();
        queue.clear();
        abandoned.addAndGet(left);
    }

    /** Events that were queued but never delivered because the subscription stopped. */
    long abandoned() {
        return abandoned.get();
    }
}
