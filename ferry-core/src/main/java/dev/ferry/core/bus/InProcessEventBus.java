package dev.ferry.core.bus;

import dev.ferry.api.event.EventBus;
import io.cloudevents.CloudEvent;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded event bus: every subscriber has a bounded queue drained by its own virtual thread,
 * so a slow subscriber delays only itself. Publishing never blocks: an event that does not fit a
 * subscriber's queue is dropped for that subscriber and counted.
 */
public final class InProcessEventBus implements EventBus {
    private static final Logger LOG = LoggerFactory.getLogger(InProcessEventBus.class);

    private final int capacity;
    private final Duration closeTimeout;
    private final List<Subscriber> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile boolean closed;

    /** A bus whose subscribers each buffer up to {@code capacity} events. */
    public InProcessEventBus(int capacity) {
        this(capacity, Duration.ofSeconds(5));
    }

    /**
     * A bus that, on {@link #close()}, waits up to {@code closeTimeout} per subscriber for queued
     * events to be delivered.
     */
    public InProcessEventBus(int capacity, Duration closeTimeout) {
        if (capacity < 1) {
            throw new IllegalArgumentException("event bus capacity must be at least 1");
        }
        this.capacity = capacity;
        this.closeTimeout = closeTimeout;
    }

    @Override
    public boolean publish(CloudEvent event) {
        if (closed) {
            dropped.incrementAndGet();
            return false;
        }
        boolean deliveredToAll = true;
        for (Subscriber subscriber : subscribers) {
            if (matches(subscriber, event) && !subscriber.offer(event)) {
                dropped.incrementAndGet();
                deliveredToAll = false;
            }
        }
        return deliveredToAll;
    }

    private boolean matches(Subscriber subscriber, CloudEvent event) {
        try {
            return subscriber.filter().test(event);
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn(
                    "event filter failed on {} ({}); event not delivered to it",
                    event.getId(),
                    event.getType(),
                    e);
            return false;
        }
    }

    @Override
    public Subscription subscribe(Predicate<CloudEvent> filter, Consumer<CloudEvent> handler) {
        if (closed) {
            throw new IllegalStateException("the event bus is closed");
        }
        Subscriber subscriber =
                new Subscriber(filter, handler, capacity, failed, subscribers::remove);
        subscribers.add(subscriber);
        subscriber.start();
        return subscriber;
    }

    /** Events not delivered to some subscriber because its queue was full or the bus closed. */
    public long dropped() {
        return dropped.get();
    }

    /** Handler and filter invocations that threw. */
    public long failed() {
        return failed.get();
    }

    /** Stops accepting events, delivers what is queued (within the close timeout) and stops. */
    @Override
    public void close() {
        closed = true;
        for (Subscriber subscriber : subscribers) {
            subscriber.drainAndStop(closeTimeout);
            dropped.addAndGet(subscriber.abandoned());
        }
        subscribers.clear();
    }
}
