package dev.ferry.serving.events;

import dev.ferry.api.event.EventBus;
import io.cloudevents.CloudEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;

/** An in-memory bus for tests: keeps every event, or refuses all when full. */
final class CollectingBus implements EventBus {
    final List<CloudEvent> events = new CopyOnWriteArrayList<>();
    private final boolean full;

    CollectingBus(boolean full) {
        this.full = full;
    }

    @Override
    public boolean publish(CloudEvent event) {
        if (full) {
            return false;
        }
        events.add(event);
        return true;
    }

    @Override
    public Subscription subscribe(Predicate<CloudEvent> filter, Consumer<CloudEvent> handler) {
        throw new UnsupportedOperationException("tests read the collected events directly");
    }

    @Override
    public void close() {}
}
