package dev.ferry.api.event;

import io.cloudevents.CloudEvent;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Publishes CloudEvents to subscribers. The embedded bus is in-process and bounded; NATS JetStream
 * replaces it when Ferry scales out.
 */
public interface EventBus extends AutoCloseable {

    /**
     * Offers an event without blocking. Returns false when the event was dropped because the bus is
     * full or closed; callers count drops, they never wait.
     */
    boolean publish(CloudEvent event);

    /** Delivers every event matching {@code filter} to {@code handler}, asynchronously. */
    Subscription subscribe(Predicate<CloudEvent> filter, Consumer<CloudEvent> handler);

    @Override
    void close();

    /** A live subscription; closing it stops delivery. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
