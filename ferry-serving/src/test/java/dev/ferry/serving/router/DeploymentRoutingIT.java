package dev.ferry.serving.router;

import static dev.ferry.serving.router.DeploymentFixture.BROKEN;
import static dev.ferry.serving.router.DeploymentFixture.V1;
import static dev.ferry.serving.router.DeploymentFixture.V2;
import static dev.ferry.serving.router.DeploymentFixture.answeredBy;
import static dev.ferry.serving.router.DeploymentFixture.infer;
import static dev.ferry.serving.router.DeploymentFixture.only;
import static dev.ferry.serving.router.DeploymentFixture.split;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.model.Tensor;
import dev.ferry.client.InferRequest;
import dev.ferry.client.InferResponse;
import dev.ferry.client.InferenceClient;
import dev.ferry.client.ModelTarget;
import dev.ferry.client.grpc.GrpcInferenceClient;
import dev.ferry.client.protocol.InferParameter;
import dev.ferry.client.protocol.InferTensorContents;
import dev.ferry.client.protocol.ModelInferRequest;
import dev.ferry.client.protocol.ModelInferRequest.InferInputTensor;
import dev.ferry.client.protocol.ModelInferResponse;
import dev.ferry.client.rest.RestInferenceClient;
import dev.ferry.core.bus.InProcessEventBus;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import io.cloudevents.CloudEvent;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeploymentRoutingIT {
    private static final Duration LOAD = Duration.ofSeconds(30);

    @TempDir Path home;
    private DeploymentFixture fixture;

    @BeforeEach
    void registry() throws Exception {
        fixture = new DeploymentFixture(home);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static ServingTarget target(FerryServer server) {
        return server.servingTarget().orElseThrow();
    }

    private static PredictorStats stats(ServingTarget target, String deployment, String name) {
        return target.stats(deployment).stream()
                .filter(s -> s.predictor().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aCanarySplitSendsItsWeightAndEveryAnswerNamesItsPredictor() throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            target.route("digits", split(90, 10));
            int port = server.httpPort();
            int canary = 0;
            int n = 2000;
            for (int i = 0; i < n; i++) {
                HttpResponse<byte[]> r = DeploymentFixture.post(port, "digits");
                assertThat(r.statusCode()).isEqualTo(200);
                JsonNode body = DeploymentFixture.JSON.readTree(r.body());
                String predictor = body.get("parameters").get("predictor").asText();
                assertThat(r.headers().firstValue("Ferry-Predictor")).hasValue(predictor);
                assertThat(body.get("model_name").asText()).isEqualTo("digits");
                assertThat(answeredBy(body)).isEqualTo(predictor.equals("canary") ? V2 : V1);
                if (predictor.equals("canary")) {
                    canary++;
                }
            }
            // 10 % ± 3 points: a binomial(2000, 0.1) leaves this band far less than once in 10^6.
            assertThat(canary * 100.0 / n).isBetween(7.0, 13.0);
            assertThat(stats(target, "digits", "canary").requests()).isEqualTo(canary);
            assertThat(stats(target, "digits", "stable").requests()).isEqualTo(n - canary);
            assertThat(
                            stats(target, "digits", "stable").latencyCounts().stream()
                                    .mapToLong(l -> l)
                                    .sum())
                    .isEqualTo(n - canary);
            assertThat(stats(target, "digits", "stable").errors()).isZero();
        }
    }

    @Test
    void theTypedClientsSeeWhichPredictorAnsweredOverRestAndGrpc() throws Exception {
        try (FerryServer server = fixture.server(true, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            target.route("digits", only("canary", V2));
            int[] a = IntStream.range(0, 16).toArray();
            int[] b = IntStream.range(0, 16).map(i -> 1).toArray();
            InferRequest request =
                    InferRequest.of(
                            ModelTarget.of("digits"),
                            Map.of(
                                    "INPUT0", Tensor.ofInts(new long[] {1, 16}, a),
                                    "INPUT1", Tensor.ofInts(new long[] {1, 16}, b)));
            URI base = URI.create("http://127.0.0.1:" + server.httpPort());
            try (InferenceClient json = RestInferenceClient.json(base);
                    InferenceClient binary = RestInferenceClient.binary(base);
                    InferenceClient grpc =
                            GrpcInferenceClient.typed(
                                    "127.0.0.1", server.port("grpc").orElseThrow())) {
                for (InferenceClient client : List.of(json, binary, grpc)) {
                    InferResponse r = client.infer(request);
                    assertThat(r.predictor()).as(client.toString()).hasValue("canary");
                    assertThat(r.modelName()).isEqualTo("digits");
                }
            }
        }
    }

    @Test
    void aStickyCallerStaysWithOnePredictorByHeaderOrParameter() throws Exception {
        try (FerryServer server = fixture.server(true, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            target.route(
                    "ab",
                    new Routing(
                            List.of(new Route("a", V1, 50), new Route("b", V2, 50)),
                            Optional.empty(),
                            Optional.of("user")));
            int port = server.httpPort();
            Map<String, Set<String>> seen = new HashMap<>();
            for (int user = 0; user < 40; user++) {
                for (int call = 0; call < 5; call++) {
                    JsonNode body = infer(port, "ab", "user", "u" + user);
                    seen.computeIfAbsent("u" + user, k -> new HashSet<>())
                            .add(body.get("parameters").get("predictor").asText());
                }
            }
            assertThat(seen.values()).allSatisfy(s -> assertThat(s).hasSize(1));
            assertThat(seen.values().stream().flatMap(Set::stream).distinct())
                    .containsExactlyInAnyOrder("a", "b");
            // The same key as a gRPC request parameter lands on the same predictor.
            try (GrpcInferenceClient grpc =
                    GrpcInferenceClient.typed("127.0.0.1", server.port("grpc").orElseThrow())) {
                for (int user = 0; user < 40; user++) {
                    ModelInferResponse r =
                            grpc.stub()
                                    .modelInfer(
                                            request("ab")
                                                    .putParameters(
                                                            "user",
                                                            InferParameter.newBuilder()
                                                                    .setStringParam("u" + user)
                                                                    .build())
                                                    .build());
                    assertThat(r.getParametersMap().get("predictor").getStringParam())
                            .isEqualTo(seen.get("u" + user).iterator().next());
                    assertThat(r.getModelName()).isEqualTo("ab");
                }
            }
        }
    }

    @Test
    void theShadowGetsEveryRequestAndCallersOnlySeeThePrimary() throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            target.route(
                    "mirrored",
                    new Routing(List.of(new Route("stable", V1, 100)), Optional.of(V2)));
            target.route(
                    "twin", new Routing(List.of(new Route("stable", V1, 100)), Optional.of(V1)));
            int port = server.httpPort();
            int n = 300;
            for (int i = 0; i < n; i++) {
                JsonNode body = infer(port, "mirrored");
                assertThat(answeredBy(body)).isEqualTo(V1);
                assertThat(body.get("parameters").get("predictor").asText()).isEqualTo("stable");
                infer(port, "twin");
            }
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stats(target, "mirrored", "shadow").requests() == n);
            PredictorStats shadow = stats(target, "mirrored", "shadow");
            assertThat(shadow.version()).isEqualTo(V2);
            assertThat(shadow.errors()).isZero();
            assertThat(shadow.compared()).isEqualTo(n);
            // Version 2 multiplies where version 1 adds: they never agree.
            assertThat(shadow.agreed()).isZero();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stats(target, "twin", "shadow").compared() == n);
            assertThat(stats(target, "twin", "shadow").agreed()).isEqualTo(n);
            assertThat(ServingFixture.get(port, "/metrics").body())
                    .contains("predictor=\"shadow\"");
        }
    }

    @Test
    void aRollingSwitchUnderConcurrentLoadFailsNoRequest() throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.route("live", only("main", V1));
            int port = server.httpPort();
            AtomicBoolean running = new AtomicBoolean(true);
            AtomicInteger ok = new AtomicInteger();
            List<String> failures = new CopyOnWriteArrayList<>();
            Map<VersionKey, AtomicInteger> answers = new ConcurrentHashMap<>();
            List<Future<?>> callers = new ArrayList<>();
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int c = 0; c < 6; c++) {
                    callers.add(
                            pool.submit(
                                    () -> {
                                        while (running.get()) {
                                            try {
                                                HttpResponse<byte[]> r =
                                                        DeploymentFixture.post(port, "live");
                                                if (r.statusCode() != 200) {
                                                    failures.add(
                                                            r.statusCode()
                                                                    + " "
                                                                    + new String(r.body()));
                                                } else {
                                                    answers.computeIfAbsent(
                                                                    answeredBy(
                                                                            DeploymentFixture.JSON
                                                                                    .readTree(
                                                                                            r
                                                                                                    .body())),
                                                                    k -> new AtomicInteger())
                                                            .incrementAndGet();
                                                    ok.incrementAndGet();
                                                }
                                            } catch (Exception e) {
                                                failures.add(e.toString());
                                            }
                                        }
                                        return null;
                                    }));
                }
                VersionKey serving = V1;
                for (int round = 0; round < 6; round++) {
                    VersionKey next = serving.equals(V1) ? V2 : V1;
                    Thread.sleep(100);
                    target.load(next, LOAD);
                    target.route("live", only("main", next));
                    target.unload(serving);
                    serving = next;
                }
                Thread.sleep(100);
                running.set(false);
                for (Future<?> f : callers) {
                    f.get();
                }
            }
            assertThat(failures).isEmpty();
            assertThat(ok.get()).isPositive();
            assertThat(answers.keySet()).containsExactlyInAnyOrder(V1, V2);
            assertThat(target.actual().loaded()).containsExactly(V1);
        }
    }

    @Test
    void inferenceEventsAndMetricsCarryThePredictor() throws Exception {
        List<CloudEvent> events = new CopyOnWriteArrayList<>();
        InProcessEventBus bus = new InProcessEventBus(1000);
        bus.subscribe(e -> true, events::add);
        try (FerryServer server = fixture.server(false, bus)) {
            ServingTarget target = target(server);
            target.load(V2, LOAD);
            target.route("digits", only("canary", V2));
            infer(server.httpPort(), "digits");
            await().atMost(Duration.ofSeconds(5)).until(() -> events.size() == 2);
            for (CloudEvent e : events) {
                assertThat(e.getExtension("predictor")).isEqualTo("canary");
                assertThat(e.getExtension("deployment")).isEqualTo("digits");
                assertThat(e.getExtension("inferenceservicename")).isEqualTo("digits");
                assertThat(e.getExtension("model")).isEqualTo("simple");
                assertThat(e.getExtension("modelversion")).isEqualTo("2");
            }
            String metrics = ServingFixture.get(server.httpPort(), "/metrics").body();
            assertThat(metrics)
                    .contains(
                            "ferry_inference_requests_total{code=\"200\",model=\"simple\",predictor=\"canary\",protocol=\"rest\",version=\"2\"}");
        }
    }

    @Test
    void aDeploymentAnswersMetadataAndReadinessAndTakesPrecedenceOverItsModelUnlessAVersionIsNamed()
            throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            int port = server.httpPort();
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            // The raw model answers by its version as before.
            assertThat(answeredBy(infer(port, "simple"))).isEqualTo(V2);
            target.route("simple", only("one", V1));
            assertThat(answeredBy(infer(port, "simple"))).isEqualTo(V1);
            JsonNode meta =
                    DeploymentFixture.JSON.readTree(
                            ServingFixture.get(port, "/v2/models/simple").body());
            assertThat(meta.get("name").asText()).isEqualTo("simple");
            assertThat(meta.get("versions").get(0).asText()).isEqualTo("1");
            assertThat(meta.get("inputs").get(0).get("name").asText()).isEqualTo("INPUT0");
            assertThat(ServingFixture.get(port, "/v2/models/simple/ready").statusCode())
                    .isEqualTo(200);
            HttpResponse<String> versioned =
                    ServingFixture.post(
                            port,
                            "/v2/models/simple/versions/2/infer",
                            ServingFixture.simpleRequest("x", 1));
            // a versioned URL still reaches that version of the model the deployment is named like
            assertThat(versioned.statusCode()).as(versioned.body()).isEqualTo(200);
            assertThat(answeredBy(DeploymentFixture.JSON.readTree(versioned.body()))).isEqualTo(V2);
            assertThat(ServingFixture.get(port, "/v2/models/simple/versions/2/ready").statusCode())
                    .isEqualTo(200);
            // a deployment with no model of its name has no versions to address
            target.route("shop", only("one", V1));
            HttpResponse<String> shop =
                    ServingFixture.post(
                            port,
                            "/v2/models/shop/versions/1/infer",
                            ServingFixture.simpleRequest("x", 1));
            assertThat(shop.statusCode()).isEqualTo(400);
            assertThat(shop.body()).contains("is a deployment and no model of that name");
            target.remove("shop");
            assertThat(ServingFixture.get(port, "/v2/health/ready").statusCode()).isEqualTo(200);
            target.remove("simple");
            assertThat(answeredBy(infer(port, "simple"))).isEqualTo(V2);
            assertThat(ServingFixture.get(port, "/v2/models/nothing/ready").statusCode())
                    .isEqualTo(404);
        }
    }

    @Test
    void theTargetRefusesWhatWouldBreakServingAndKeepsServing() throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            int port = server.httpPort();
            target.load(V1, LOAD);
            target.load(V1, LOAD);
            target.route("digits", only("main", V1));
            target.route("digits", only("main", V1));

            assertThatThrownBy(() -> target.load(new VersionKey("simple", 9), LOAD))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeploymentException.Reason.NOT_FOUND))
                    .hasMessageContaining("simple@9");
            assertThatThrownBy(() -> target.load(BROKEN, LOAD))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeploymentException.Reason.LOAD_FAILED))
                    .hasMessageContaining("simple@3 failed to load");
            assertThatThrownBy(() -> target.route("digits", only("main", V2)))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeploymentException.Reason.CONFLICT))
                    .hasMessageContaining("simple@2")
                    .hasMessageContaining("not loaded");
            assertThatThrownBy(() -> target.unload(V1))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeploymentException.Reason.CONFLICT))
                    .hasMessageContaining("[digits]");
            assertThatThrownBy(() -> target.route("digits", split(50, 40)))
                    .isInstanceOfSatisfying(
                            DeploymentException.class,
                            e ->
                                    assertThat(e.reason())
                                            .isEqualTo(DeploymentException.Reason.INVALID))
                    .hasMessageContaining("adding up to 90");

            // Nothing of that changed what serves, and the server stays ready.
            assertThat(answeredBy(infer(port, "digits"))).isEqualTo(V1);
            assertThat(target.healthy("digits")).isTrue();
            assertThat(ServingFixture.get(port, "/v2/health/ready").statusCode()).isEqualTo(200);
            assertThat(target.actual().loaded()).containsExactly(V1);
            assertThat(target.actual().deployments())
                    .containsExactly(Map.entry("digits", only("main", V1)));

            target.remove("digits");
            target.remove("digits");
            target.unload(V1);
            target.unload(V1);
            assertThat(target.actual().deployments()).isEmpty();
            assertThat(target.actual().loaded()).isEmpty();
            assertThat(target.healthy("digits")).isFalse();
            assertThat(target.stats("digits")).isEmpty();
            assertThat(DeploymentFixture.post(port, "digits").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void countersSurviveAWeightChangeAndRestartForANewVersion() throws Exception {
        try (FerryServer server = fixture.server(false, null)) {
            ServingTarget target = target(server);
            target.load(V1, LOAD);
            target.load(V2, LOAD);
            target.route("digits", split(100, 0));
            IntStream.range(0, 5).forEach(i -> call(server, "digits"));
            target.route("digits", split(50, 50));
            assertThat(stats(target, "digits", "stable").requests()).isEqualTo(5);
            target.route(
                    "digits", new Routing(List.of(new Route("stable", V2, 100)), Optional.empty()));
            assertThat(stats(target, "digits", "stable").requests()).isZero();
            assertThat(stats(target, "digits", "stable").version()).isEqualTo(V2);
        }
    }

    private static void call(FerryServer server, String deployment) {
        try {
            infer(server.httpPort(), deployment);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ModelInferRequest.Builder request(String model) {
        InferTensorContents.Builder a = InferTensorContents.newBuilder();
        InferTensorContents.Builder b = InferTensorContents.newBuilder();
        for (int i = 0; i < 16; i++) {
            a.addIntContents(i);
            b.addIntContents(1);
        }
        return ModelInferRequest.newBuilder()
                .setModelName(model)
                .addInputs(
                        InferInputTensor.newBuilder()
                                .setName("INPUT0")
                                .setDatatype("INT32")
                                .addShape(1)
                                .addShape(16)
                                .setContents(a))
                .addInputs(
                        InferInputTensor.newBuilder()
                                .setName("INPUT1")
                                .setDatatype("INT32")
                                .addShape(1)
                                .addShape(16)
                                .setContents(b));
    }
}
