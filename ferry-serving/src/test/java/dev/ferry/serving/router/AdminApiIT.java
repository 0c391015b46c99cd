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

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.ServingTargetException;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.client.deployment.HttpServingTarget;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminApiIT {
    private static final String TOKEN = "s3cret-token";
    private static final Duration LOAD = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir Path home;
    private DeploymentFixture fixture;
    private FerryServer server;

    @BeforeEach
    void start() throws Exception {
        fixture = new DeploymentFixture(home);
        server =
                FerryServer.builder(ServingFixture.config(home))
                        .deployments(fixture.registry, fixture.store, home.resolve("models"))
                        .adminToken(TOKEN)
                        .discoverEndpoints(false)
                        .build()
                        .start();
    }

    @AfterEach
    void stop() {
        server.close();
        fixture.close();
    }

    private ServingTarget remote(Optional<String> token) {
        return new HttpServingTarget(
                URI.create("http://127.0.0.1:" + server.httpPort() + "/"),
                token,
                Duration.ofSeconds(10));
    }

    private HttpResponse<String> call(String method, String path, String body, String token)
            throws Exception {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + path))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRemoteTargetDrivesTheServerLikeTheInProcessOne() throws Exception {
        ServingTarget target = remote(Optional.of(TOKEN));
        assertThat(target.actual()).isEqualTo(ActualState.empty());
        target.load(V1, LOAD);
        target.load(V2, LOAD);
        Routing routing =
                new Routing(
                        List.of(new Route("stable", V1, 90), new Route("canary", V2, 10)),
                        Optional.of(V2),
                        Optional.of("user"));
        target.route("digits", routing);
        target.route("digits", routing);
        assertThat(target.actual())
                .isEqualTo(new ActualState(Map.of("digits", routing), java.util.Set.of(V1, V2)))
                .isEqualTo(server.servingTarget().orElseThrow().actual());
        assertThat(target.healthy("digits")).isTrue();
        assertThat(target.healthy("nothing")).isFalse();

        for (int i = 0; i < 20; i++) {
            infer(server.httpPort(), "digits", "user", "alice");
        }
        List<PredictorStats> stats = target.stats("digits");
        assertThat(stats)
                .extracting(PredictorStats::predictor)
                .containsExactly("stable", "canary", "shadow");
        assertThat(stats.get(0).requests() + stats.get(1).requests()).isEqualTo(20);
        assertThat(stats.get(0).latencyBucketsMillis().getLast())
                .isEqualTo(Double.POSITIVE_INFINITY);
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> target.stats("digits").get(2).requests() == 20);
        assertThat(target.stats("digits"))
                .isEqualTo(server.servingTarget().orElseThrow().stats("digits"));
        assertThat(target.stats("nothing")).isEmpty();

        assertThatThrownBy(() -> target.unload(V1))
                .isInstanceOf(ServingTargetException.class)
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("simple@1 is still routed by deployments [digits]");
        target.route("digits", only("canary", V2));
        target.unload(V1);
        assertThat(answeredBy(infer(server.httpPort(), "digits"))).isEqualTo(V2);
        target.remove("digits");
        target.unload(V2);
        assertThat(target.actual()).isEqualTo(ActualState.empty());
    }

    @Test
    void refusalsComeBackAsServingTargetExceptionsWithTheServersReason() {
        ServingTarget target = remote(Optional.of(TOKEN));
        assertThatThrownBy(() -> target.load(new VersionKey("simple", 7), LOAD))
                .isInstanceOf(ServingTargetException.class)
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("no registered model version simple@7");
        assertThatThrownBy(() -> target.load(BROKEN, LOAD))
                .hasMessageContaining("HTTP 422")
                .hasMessageContaining("simple@3 failed to load");
        assertThatThrownBy(() -> target.route("digits", split(90, 10)))
                .hasMessageContaining("HTTP 409")
                .hasMessageContaining("not loaded");
        assertThatThrownBy(() -> remote(Optional.empty()).actual())
                .hasMessageContaining("HTTP 401");
        assertThatThrownBy(() -> remote(Optional.of("wrong")).actual())
                .hasMessageContaining("HTTP 401");
        ServingTarget nowhere =
                new HttpServingTarget(
                        URI.create("http://127.0.0.1:1"), Optional.empty(), Duration.ofSeconds(2));
        assertThatThrownBy(nowhere::actual)
                .isInstanceOf(ServingTargetException.class)
                .hasMessageContaining("unreachable");
    }

    /** Checks {@code body} against the published schema's definition {@code def}. */
    private static void conforms(String body, String def) throws Exception {
        var mapper = DeploymentFixture.JSON;
        var root =
                (com.fasterxml.jackson.databind.node.ObjectNode)
                        mapper.readTree(
                                java.nio.file.Files.readString(
                                        Path.of("../schemas/ferry-admin-v1.schema.json")));
        root.put("$ref", "#/$defs/" + def);
        var schema =
                com.networknt.schema.SchemaRegistry.withDefaultDialect(
                                com.networknt.schema.dialect.Dialects.getDraft202012())
                        .getSchema(root);
        assertThat(schema.validate(mapper.readTree(body))).as(def + ": " + body).isEmpty();
    }

    @Test
    void answersFollowThePublishedSchema() throws Exception {
        String routing =
                "{\"routes\":[{\"predictor\":\"stable\",\"model\":\"simple\",\"version\":1,\"weight\":100}],"
                    + "\"shadow\":{\"model\":\"simple\",\"version\":1},\"stickyKey\":\"user\"}";
        conforms(routing, "routing");
        conforms(call("PUT", "/ferry/v1/versions/simple/1", null, TOKEN).body(), "versionResult");
        HttpResponse<String> routed = call("PUT", "/ferry/v1/deployments/d", routing, TOKEN);
        assertThat(routed.statusCode()).isEqualTo(200);
        assertThat(DeploymentFixture.JSON.readTree(routed.body()))
                .isEqualTo(DeploymentFixture.JSON.readTree(routing));
        infer(server.httpPort(), "d");
        conforms(call("GET", "/ferry/v1/state", null, TOKEN).body(), "state");
        conforms(call("GET", "/ferry/v1/deployments/d/stats", null, TOKEN).body(), "stats");
        conforms(call("GET", "/ferry/v1/deployments/d/health", null, TOKEN).body(), "health");
        conforms(call("DELETE", "/ferry/v1/versions/simple/1", null, TOKEN).body(), "error");
    }

    @Test
    void badInputGetsAClearJsonError() throws Exception {
        HttpResponse<String> r = call("PUT", "/ferry/v1/deployments/d", "{not json", TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).startsWith("{\"error\":\"malformed JSON");
        r =
                call(
                        "PUT",
                        "/ferry/v1/deployments/d",
                        "{\"routes\":[{\"predictor\":\"a\",\"model\":\"simple\",\"weight\":100}]}",
                        TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).isEqualTo("{\"error\":\"$.routes[0].version is missing\"}");
        r = call("PUT", "/ferry/v1/deployments/d", null, TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("needs a JSON body");
        r = call("PUT", "/ferry/v1/versions/simple/one", null, TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("version 'one' is not a version number");
        r = call("PUT", "/ferry/v1/versions/simple/1?timeout=soon", null, TOKEN);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("timeout 'soon' is not a duration");
        r = call("GET", "/ferry/v1/state", null, null);
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("Authorization: Bearer");
        r = call("PUT", "/ferry/v1/versions/simple/1?timeout=30s", null, TOKEN);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"model\":\"simple\",\"version\":1,\"loaded\":true}");
        r = call("GET", "/ferry/v1/state", null, TOKEN);
        assertThat(r.body())
                .isEqualTo(
                        "{\"deployments\":{},\"loaded\":[{\"model\":\"simple\",\"version\":1}]}");
        // Inference stays open: the token guards only the admin API.
        assertThat(ServingFixture.get(server.httpPort(), "/v2/health/ready").statusCode())
                .isEqualTo(200);
    }
}
