package dev.ferry.core.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.event.EventBus;
import io.cloudevents.CloudEvent;
import io.cloudevents.core.builder.CloudEventBuilder;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InProcessEventBusTest {

    private static CloudEvent event(String type, int n) {
        return CloudEventBuilder.v1()
                .withId("e" + n)
                .withSource(URI.create("/test"))
                .withType(type)
                .build();
    }

    private static List<String> ids(List<CloudEvent> events) {
        return events.stream().map(CloudEvent::getId).toList();
    }

    @Test
    void deliversMatchingEventsToEverySubscriberInPublishOrder() {
        try (InProcessEventBus bus = new InProcessEventBus(100)) {
            List<CloudEvent> runs = new CopyOnWriteArrayList<>();
            List<CloudEvent> all = new CopyOnWriteArrayList<>();
            bus.subscribe(e -> e.getType().startsWith("dev.ferry.run."), runs::add);
            bus.subscribe(e -> true, all::add);

            for (int i = 0; i < 10; i++) {
                assertThat(bus.publish(event(i % 2 == 0 ? "dev.ferry.run.finished" : "other", i)))
                        .isTrue();
            }

            await().atMost(10, TimeUnit.SECONDS).until(() -> all.size() == 10);
            await().atMost(10, TimeUnit.SECONDS).until(() -> runs.size() == 5);
            assertThat(ids(runs)).containsExactly("e0", "e2", "e4", "e6", "e8");
            assertThat(ids(all)).hasSize(10).startsWith("e0", "e1").endsWith("e9");
            assertThat(bus.dropped()).isZero();
        }
    }

    @Test
    void neverBlocksThePublisherAndCountsWhatAStuckSubscriberMissed() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<CloudEvent> fast = new CopyOnWriteArrayList<>();
        try (InProcessEventBus bus = new InProcessEventBus(3)) {
            bus.subscribe(
                    e -> true,
                    e -> {
                        entered.countDown();
                        try {
                            release.await();
                        } catch (InterruptedException interrupted) {
                            Thread.currentThread().interrupt();
                        }
                    });
            bus.subscribe(e -> e.getId().equals("e0"), fast::add);
            bus.publish(event("t", 0));
            assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();

            List<Boolean> accepted = new java.util.ArrayList<>();
            for (int i = 1; i <= 8; i++) {
                accepted.add(bus.publish(event("t", i)));
            }

            assertThat(accepted)
                    .containsExactly(true, true, true, false, false, false, false, false);
            assertThat(bus.dropped()).isEqualTo(5);
            await().atMost(10, TimeUnit.SECONDS).until(() -> fast.size() == 1);
            release.countDown();
        }
    }

    @Test
    void aFailingHandlerOrFilterDoesNotStopDelivery() {
        try (InProcessEventBus bus = new InProcessEventBus(10)) {
            List<CloudEvent> seen = new CopyOnWriteArrayList<>();
            bus.subscribe(
                    e -> true,
                    e -> {
                        if (e.getId().equals("e1")) {
                            throw new IllegalStateException("boom");
                        }
                        seen.add(e);
                    });
            bus.subscribe(
                    e -> {
                        throw new IllegalArgumentException("bad filter");
                    },
                    seen::add);

            for (int i = 0; i < 3; i++) {
                bus.publish(event("t", i));
            }

            await().atMost(10, TimeUnit.SECONDS).until(() -> seen.size() == 2);
            assertThat(ids(seen)).containsExactly("e0", "e2");
            await().atMost(10, TimeUnit.SECONDS).until(() -> bus.failed() == 4);
        }
    }

    @Test
    void closeDeliversQueuedEventsThenRejectsNewOnes() {
        List<CloudEvent> seen = new CopyOnWriteArrayList<>();
        InProcessEventBus bus = new InProcessEventBus(1000);
        bus.subscribe(e -> true, seen::add);
        for (int i = 0; i < 500; i++) {
            bus.publish(event("t", i));
        }

        bus.close();

        assertThat(seen).hasSize(500);
        assertThat(bus.publish(event("t", 501))).isFalse();
        assertThat(bus.dropped()).isEqualTo(1);
        assertThatThrownBy(() -> bus.subscribe(e -> true, seen::add))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aClosedSubscriptionReceivesNothingMore() {
        try (InProcessEventBus bus = new InProcessEventBus(10)) {
            List<CloudEvent> first = new CopyOnWriteArrayList<>();
            List<CloudEvent> second = new CopyOnWriteArrayList<>();
            EventBus.Subscription subscription = bus.subscribe(e -> true, first::add);
            bus.subscribe(e -> true, second::add);
            bus.publish(event("t", 0));
            await().atMost(10, TimeUnit.SECONDS).until(() -> first.size() == 1);

            subscription.close();
            bus.publish(event("t", 1));

            await().atMost(10, TimeUnit.SECONDS).until(() -> second.size() == 2);
            assertThat(ids(first)).containsExactly("e0");
        }
    }
}
