package dev.ferry.serving.rest;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestEndpointIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path repository;
    static FerryServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start();
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void failsToStartOnAPortInUseInsteadOfHanging() {
        var taken = ServingFixture.config(repository).withHttpPort(port);
        org.assertj.core.api.Assertions.assertThatThrownBy(
                        () -> FerryServer.builder(taken).discoverEndpoints(false).build().start())
                .hasMessageContaining("cannot listen for HTTP");
    }

    @Test
    void answersHealthAndServerMetadata() throws Exception {
        assertThat(get(port, "/v2/health/live").statusCode()).isEqualTo(200);
        assertThat(get(port, "/v2/health/ready").statusCode()).isEqualTo(200);
        JsonNode meta = json(get(port, "/v2"));
        assertThat(meta.get("name").asText()).isEqualTo("ferry");
        assertThat(meta.get("extensions").toString())
                .contains("binary_tensor_data", "model_repository");
    }

    @Test
    void describesTheModelWithTheBatchDimension() throws Exception {
        for (String path : new String[] {"/v2/models/simple", "/v2/models/simple/versions/1"}) {
            HttpResponse<String> r = get(port, path);
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            JsonNode m = json(r);
            assertThat(m.get("versions").toString()).isEqualTo("[\"1\"]");
            assertThat(m.get("inputs").get(0).toString())
                    .isEqualTo("{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[-1,16]}");
        }
        assertThat(get(port, "/v2/models/simple/ready").statusCode()).isEqualTo(200);
        assertThat(get(port, "/v2/models/simple/versions/1/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void infersSumAndDifferenceAndEchoesTheId() throws Exception {
        HttpResponse<String> r = post(port, "/v2/models/simple/infer", simpleRequest("abc", 1));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.get("id").asText()).isEqualTo("abc");
        assertThat(body.get("model_name").asText()).isEqualTo("simple");
        assertThat(body.get("model_version").asText()).isEqualTo("1");
        JsonNode sum = body.get("outputs").get(0);
        assertThat(sum.get("name").asText()).isEqualTo("OUTPUT0");
        assertThat(sum.get("shape").toString()).isEqualTo("[1,16]");
        assertThat(sum.get("data").get(3).asInt()).isEqualTo(4);
        assertThat(body.get("outputs").get(1).get("data").get(3).asInt()).isEqualTo(2);
    }

    @Test
    void returnsOnlyTheRequestedOutputs() throws Exception {
        String req =
                simpleRequest("x", 2).replace("]}]}", "]}],\"outputs\":[{\"name\":\"OUTPUT1\"}]}");
        JsonNode body = json(post(port, "/v2/models/simple/versions/1/infer", req));
        assertThat(body.get("outputs")).hasSize(1);
        assertThat(body.get("outputs").get(0).get("name").asText()).isEqualTo("OUTPUT1");
        assertThat(body.get("outputs").get(0).get("shape").toString()).isEqualTo("[2,16]");
    }

    @Test
    void acceptsNestedData() throws Exception {
        StringBuilder rows = new StringBuilder("[[");
        for (int i = 0; i < 16; i++) {
            rows.append(i == 0 ? "" : ",").append(2);
        }
        rows.append("]]");
        String req =
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
                        + rows
                        + "},{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":"
                        + rows
                        + "}]}";
        JsonNode body = json(post(port, "/v2/models/simple/infer", req));
        assertThat(body.get("outputs").get(0).get("data").get(0).asInt()).isEqualTo(4);
        assertThat(body.has("id")).isFalse();
    }
}
