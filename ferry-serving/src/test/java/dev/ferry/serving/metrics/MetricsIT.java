package dev.ferry.serving.metrics;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsIT {
    @TempDir Path repository;

    @Test
    void exposesRequestCountsLatencyHistogramsAndModelState() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            for (int i = 0; i < 3; i++) {
                post(port, "/v2/models/simple/infer", simpleRequest("m", 1));
            }
            post(port, "/v2/models/simple/infer", simpleRequest("m", 9));
            post(port, "/v2/models/ghost/infer", simpleRequest("m", 1));
            post(port, "/v2/models/simple/versions/999/infer", simpleRequest("m", 1));
            post(port, "/v2/models/simple/versions/998/infer", "{broken");
            var r = get(port, "/metrics");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("content-type").orElseThrow()).contains("text/plain");
            String text = r.body();
            assertThat(text)
                    .contains(
                            "ferry_inference_requests_total{code=\"200\",model=\"simple\",predictor=\"\",protocol=\"rest\",version=\"1\"}"
                                + " 3.0")
                    .contains(
                            "ferry_inference_requests_total{code=\"400\",model=\"simple\",predictor=\"\",protocol=\"rest\",version=\"1\"}"
                                + " 1.0")
                    .contains(
                            "ferry_inference_requests_total{code=\"404\",model=\"_unknown\",predictor=\"\",protocol=\"rest\",version=\"\"}"
                                + " 1.0")
                    .contains(
                            "ferry_inference_request_duration_seconds_bucket{model=\"simple\",predictor=\"\",protocol=\"rest\",version=\"1\",le=\"1.0E-4\"}")
                    .contains(
                            "ferry_inference_compute_duration_seconds_count{model=\"simple\",version=\"1\"}"
                                + " 3")
                    .contains(
                            "ferry_inference_queue_duration_seconds_count{model=\"simple\",version=\"1\"}"
                                + " 3")
                    .contains("ferry_inference_batch_size_count{model=\"simple\",version=\"1\"} 3")
                    .contains(
                            "ferry_inference_in_flight_requests{model=\"simple\",version=\"1\"}"
                                    + " 0.0")
                    .contains("ferry_model_ready{model=\"simple\",version=\"1\"} 1.0")
                    .contains(
                            "ferry_inference_requests_total{code=\"404\",model=\"simple\",predictor=\"\",protocol=\"rest\",version=\"\"}"
                                + " 1.0")
                    .contains(
                            "ferry_inference_requests_total{code=\"400\",model=\"simple\",predictor=\"\",protocol=\"rest\",version=\"\"}"
                                + " 1.0")
                    .doesNotContain("version=\"999\"")
                    .doesNotContain("version=\"998\"");
        }
    }

    @Test
    void batchesConcurrentRequestsAndRefusesOverloadWith503() throws Exception {
        Path model = ServingFixture.copySimple(repository, "simple");
        Files.writeString(
                model.resolve("config.pbtxt"),
                Files.readString(model.resolve("config.pbtxt"))
                        + "\n"
                        + "dynamic_batching { max_queue_delay_microseconds: 200000"
                        + " default_queue_policy { max_queue_size: 1 } }\n");
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            // The batcher drains its queue while it gathers a batch, so the queue only fills
            // while a model call runs: a one-place queue and a burst of callers released at once
            // make that happen on any machine.
            List<CompletableFuture<Integer>> calls = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();
            for (int i = 0; i < 200; i++) {
                calls.add(
                        CompletableFuture.supplyAsync(
                                () -> {
                                    try {
                                        start.await();
                                        return post(
                                                        port,
                                                        "/v2/models/simple/infer",
                                                        simpleRequest("b", 1))
                                                .statusCode();
                                    } catch (Exception e) {
                                        return -1;
                                    }
                                },
                                callers));
            }
            start.countDown();
            List<Integer> codes = calls.stream().map(CompletableFuture::join).toList();
            assertThat(codes).containsOnly(200, 503).contains(200, 503);
            String text = get(port, "/metrics").body();
            long ok = codes.stream().filter(c -> c == 200).count();
            // Every served request went through the batcher, in fewer model calls than requests.
            assertThat(text)
                    .contains("ferry_inference_requests_total{code=\"503\",model=\"simple\"");
            String calls200 =
                    text.lines()
                            .filter(
                                    l ->
                                            l.startsWith(
                                                    "ferry_inference_batch_size_sum{model=\"simple\""))
                            .findFirst()
                            .orElseThrow();
            assertThat(Double.parseDouble(calls200.substring(calls200.lastIndexOf(' ') + 1)))
                    .isEqualTo((double) ok);
        }
    }
}
