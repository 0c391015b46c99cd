package dev.ferry.serving.events;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.core.bus.InProcessEventBus;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import io.cloudevents.CloudEvent;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InferenceEventsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path repository;

    /** The real in-process bus with a subscriber that keeps every event it is handed. */
    private static InProcessEventBus bus(List<CloudEvent> sink) {
        InProcessEventBus bus = new InProcessEventBus(1000);
        bus.subscribe(e -> true, sink::add);
        return bus;
    }

    private static String ext(CloudEvent e, String name) {
        return String.valueOf(e.getExtension(name));
    }

    @Test
    void publishesARequestAndAResponseEventWithTheSameId() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        List<CloudEvent> events = new CopyOnWriteArrayList<>();
        InProcessEventBus bus = bus(events);
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .eventBus(bus)
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            assertThat(
                            post(
                                            server.httpPort(),
                                            "/v2/models/simple/infer",
                                            simpleRequest("ev", 1))
                                    .statusCode())
                    .isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        }
        CloudEvent request = events.get(0);
        CloudEvent response = events.get(1);
        assertThat(request.getType()).isEqualTo("org.kubeflow.serving.inference.request");
        assertThat(response.getType()).isEqualTo("org.kubeflow.serving.inference.response");
        assertThat(response.getId()).isEqualTo(request.getId());
        assertThat(ext(request, "inferenceservicename")).isEqualTo("simple");
        assertThat(ext(request, "modelversion")).isEqualTo("1");
        assertThat(ext(request, "endpoint")).isEqualTo("default");
        assertThat(ext(request, "predictor")).isEqualTo("default");
        JsonNode in = JSON.readTree(request.getData().toBytes());
        assertThat(in.get("id").asText()).isEqualTo("ev");
        assertThat(in.get("inputs").get(0).get("data")).hasSize(16);
        JsonNode out = JSON.readTree(response.getData().toBytes());
        assertThat(out.get("outputs").get(0).get("name").asText()).isEqualTo("OUTPUT0");
    }

    @Test
    void publishesErrorsAsResponseEventsWithTheirStatus() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        List<CloudEvent> events = new CopyOnWriteArrayList<>();
        InProcessEventBus bus = bus(events);
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .eventBus(bus)
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            assertThat(
                            post(
                                            server.httpPort(),
                                            "/v2/models/simple/infer",
                                            simpleRequest("bad", 9))
                                    .statusCode())
                    .isEqualTo(400);
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
        }
        CloudEvent response = events.get(1);
        assertThat(ext(response, "statuscode")).isEqualTo("400");
        assertThat(JSON.readTree(response.getData().toBytes()).get("error").asText())
                .contains("at most 8");
    }

    private static InProcessEventBus closedBus() {
        InProcessEventBus bus = new InProcessEventBus(1);
        bus.close();
        return bus;
    }

    @Test
    void countsDropsWhenTheBusRefusesAndNeverFailsTheRequest() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .eventBus(closedBus())
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            for (int i = 0; i < 5; i++) {
                assertThat(
                                post(port, "/v2/models/simple/infer", simpleRequest("d", 1))
                                        .statusCode())
                        .isEqualTo(200);
            }
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.metrics().eventsDropped() == 10);
            assertThat(get(port, "/metrics").body())
                    .contains("ferry_inference_events_dropped_total 10.0");
        }
    }

    @Test
    void publishesNothingAtASampleRateOfZero() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        List<CloudEvent> events = new CopyOnWriteArrayList<>();
        InProcessEventBus bus = bus(events);
        var config = ServingFixture.config(repository).withEvents(0.0, 100, "default");
        try (FerryServer server =
                FerryServer.builder(config)
                        .eventBus(bus)
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            for (int i = 0; i < 5; i++) {
                assertThat(
                                post(
                                                server.httpPort(),
                                                "/v2/models/simple/infer",
                                                simpleRequest("s", 1))
                                        .statusCode())
                        .isEqualTo(200);
            }
        }
        assertThat(events).isEmpty();
    }
}
