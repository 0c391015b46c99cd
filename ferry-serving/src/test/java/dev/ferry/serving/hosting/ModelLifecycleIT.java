package dev.ferry.serving.hosting;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ModelControl;
import dev.ferry.serving.server.ServingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelLifecycleIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir Path repository;

    /** Keeps requests flowing and counts answers by status and by version. */
    private static final class Traffic implements AutoCloseable {
        final Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        final Map<String, AtomicInteger> versions = new ConcurrentHashMap<>();
        final List<String> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads;

        Traffic(int port, int clients) {
            threads =
                    java.util.stream.IntStream.range(0, clients)
                            .mapToObj(i -> Thread.ofVirtual().start(() -> loop(port)))
                            .toList();
        }

        private void loop(int port) {
            while (running.get()) {
                try {
                    var r = post(port, "/v2/models/simple/infer", simpleRequest("t", 1));
                    statuses.computeIfAbsent(r.statusCode(), k -> new AtomicInteger())
                            .incrementAndGet();
                    if (r.statusCode() == 200) {
                        String v = JSON.readTree(r.body()).get("model_version").asText();
                        versions.computeIfAbsent(v, k -> new AtomicInteger()).incrementAndGet();
                    } else {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        }

        int served(String version) {
            return versions.getOrDefault(version, new AtomicInteger()).get();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }

    private void addVersion(Path model, int version, byte[] onnx) throws Exception {
        Path staging = repository.resolve(".staging-" + version);
        Files.createDirectories(staging);
        Files.write(staging.resolve("model.onnx"), onnx);
        Files.move(
                staging, model.resolve(Integer.toString(version)), StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void explicitModeLoadsAndUnloadsOnlyThroughTheRepositoryApi() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        var config =
                ServingFixture.config(repository)
                        .withModelControl(ModelControl.EXPLICIT, List.of());
        try (FerryServer server =
                FerryServer.builder(config).discoverEndpoints(false).build().start()) {
            int port = server.httpPort();
            JsonNode index = JSON.readTree(post(port, "/v2/repository/index", "{}").body());
            assertThat(index.get(0).get("name").asText()).isEqualTo("simple");
            assertThat(index.get(0).get("state").asText()).isEqualTo("UNAVAILABLE");
            assertThat(JSON.readTree(post(port, "/v2/repository/index", "{\"ready\":true}").body()))
                    .isEmpty();
            assertThat(post(port, "/v2/models/simple/infer", simpleRequest("a", 1)).statusCode())
                    .isEqualTo(503);
            assertThat(get(port, "/v2/models/simple/ready").statusCode()).isEqualTo(503);

            assertThat(post(port, "/v2/repository/models/simple/load", "").statusCode())
                    .isEqualTo(200);
            assertThat(post(port, "/v2/models/simple/infer", simpleRequest("a", 1)).statusCode())
                    .isEqualTo(200);
            index = JSON.readTree(post(port, "/v2/repository/index", "").body());
            assertThat(index.get(0).get("state").asText()).isEqualTo("READY");

            assertThat(post(port, "/v2/repository/models/simple/unload", "").statusCode())
                    .isEqualTo(200);
            assertThat(post(port, "/v2/models/simple/infer", simpleRequest("a", 1)).statusCode())
                    .isEqualTo(503);
            assertThat(get(port, "/metrics").body())
                    .contains("ferry_model_ready{model=\"simple\",version=\"1\"} 0.0");
        }
    }

    @Test
    void swapsInANewVersionWithoutFailingARequestAndKeepsItWhenTheNextIsBroken() throws Exception {
        Path model = ServingFixture.copySimple(repository, "simple");
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            Traffic traffic = new Traffic(port, 4);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.served("1") > 20);
                addVersion(model, 2, ServingFixture.simpleModel());
                var load = post(port, "/v2/repository/models/simple/load", "");
                assertThat(load.statusCode()).as(load.body()).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.served("2") > 20);

                addVersion(model, 3, "not an onnx model".getBytes());
                var broken = post(port, "/v2/repository/models/simple/load", "");
                assertThat(broken.statusCode()).isEqualTo(400);
                assertThat(broken.body()).contains("version 3 failed to load");
                int before = traffic.served("2");
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> traffic.served("2") > before + 20);
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures).isEmpty();
            assertThat(get(port, "/v2/models/simple").body()).contains("\"versions\":[\"2\"]");
            JsonNode index = JSON.readTree(post(port, "/v2/repository/index", "").body());
            assertThat(index.toString()).contains("\"version\":\"3\",\"state\":\"UNAVAILABLE\"");
            assertThat(get(port, "/v2/health/ready").statusCode()).isEqualTo(503);
        }
    }

    @Test
    void pollModePicksUpNewVersionsAndRemovedModelsWithoutFailedRequests() throws Exception {
        Path model = ServingFixture.copySimple(repository, "simple");
        var config =
                ServingFixture.config(repository)
                        .withModelControl(ModelControl.POLL, List.of())
                        .withPollInterval(Duration.ofMillis(200));
        try (FerryServer server =
                FerryServer.builder(config).discoverEndpoints(false).build().start()) {
            int port = server.httpPort();
            Traffic traffic = new Traffic(port, 4);
            try {
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.served("1") > 20);
                addVersion(model, 2, ServingFixture.simpleModel());
                await().atMost(Duration.ofSeconds(10)).until(() -> traffic.served("2") > 20);
            } finally {
                traffic.close();
            }
            assertThat(traffic.failures).isEmpty();
            ServingFixture.copySimple(repository, "other");
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    post(port, "/v2/models/other/infer", simpleRequest("o", 1))
                                                    .statusCode()
                                            == 200);
            try (var files = Files.walk(repository.resolve("other"))) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(
                            () ->
                                    post(port, "/v2/models/other/infer", simpleRequest("o", 1))
                                                    .statusCode()
                                            == 404);
        }
    }
}
