package dev.ferry.serving.protocol;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.postBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.client.rest.RestInferenceClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST side of the spec where the typed client cannot go: raw bodies, malformed JSON, shapes
 * that disagree with the data, the binary framing, versioned paths and the repository extension.
 * Every error answers {@code {"error": "..."}} with the status of DESIGN.md §7.
 */
class RestProtocolIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INFER = "/v2/models/simple/infer";
    @TempDir static Path repository;
    static ProtocolServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        server = ProtocolServer.start(repository);
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void answersEveryReadEndpointOnVersionedAndUnversionedPaths() throws Exception {
        for (String path :
                new String[] {
                    "/v2/health/live",
                    "/v2/health/ready",
                    "/v2",
                    "/v2/models/simple",
                    "/v2/models/simple/versions/1",
                    "/v2/models/simple/ready",
                    "/v2/models/simple/versions/1/ready"
                }) {
            assertThat(get(port, path).statusCode()).as(path).isEqualTo(200);
        }
        HttpResponse<String> r =
                post(port, "/v2/models/simple/versions/1/infer", body("[1,16]", 16));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{",
                "not json",
                "[]",
                "{\"inputs\": 3}",
                "{\"inputs\": [{\"name\": \"INPUT0\"}]}",
                "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"INT32\", \"shape\": \"x\","
                        + " \"data\": []}]}",
                "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"INT99\", \"shape\": [1,16],"
                        + " \"data\": []}]}",
                "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"INT32\", \"shape\": [1,16],"
                        + " \"data\": [\"a\"]}]}",
                "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"INT32\", \"shape\": [1,16],"
                        + " \"data\": [1.5]}]}",
                "{\"inputs\": [{\"name\": \"INPUT0\", \"datatype\": \"INT32\", \"shape\": [1,16],"
                        + " \"data\": [99999999999]}]}"
            })
    void rejectsMalformedBodiesWithBadRequest(String body) throws Exception {
        expectError(post(port, INFER, body), 400);
    }

    @Test
    void rejectsDataThatDoesNotFillTheShape() throws Exception {
        expectError(post(port, INFER, body("[1,16]", 15)), 400);
        expectError(post(port, INFER, body("[1,16]", 17)), 400);
    }

    @Test
    void rejectsNegativeAndOverflowingDimensions() throws Exception {
        expectError(post(port, INFER, body("[-1,16]", 16)), 400);
        expectError(post(port, INFER, body("[9223372036854775807,16]", 16)), 400);
        expectError(post(port, INFER, body("[4294967296,4294967296]", 16)), 400);
        expectError(post(port, INFER, body("[1e30,16]", 16)), 400);
    }

    @Test
    void rejectsABatchOverMaxBatchSize() throws Exception {
        expectError(post(port, INFER, body("[9,16]", 9 * 16)), 400);
    }

    @Test
    void answersNotFoundAndUnavailableWithAnErrorBody() throws Exception {
        expectError(post(port, "/v2/models/nope/infer", body("[1,16]", 16)), 404);
        expectError(post(port, "/v2/models/simple/versions/7/infer", body("[1,16]", 16)), 404);
        expectError(get(port, "/v2/models/nope"), 404);
        expectError(get(port, "/v2/models/simple/versions/7"), 404);
        expectError(post(port, "/v2/models/idle/infer", body("[1,16]", 16)), 503);
        assertThat(get(port, "/v2/models/idle/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void readsBinaryInputsAndWritesBinaryOutputs() throws Exception {
        String header =
                "{\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}],"
                    + "\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"binary_data\":true}}]}";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + 128];
        System.arraycopy(head, 0, body, 0, head.length);
        for (int i = 0; i < 16; i++) {
            body[head.length + i * 4] = (byte) i;
            body[head.length + 64 + i * 4] = 2;
        }
        HttpResponse<byte[]> r =
                postBytes(
                        port,
                        INFER,
                        body,
                        "Inference-Header-Content-Length",
                        Integer.toString(head.length),
                        "Content-Type",
                        "application/octet-stream");
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        int jsonLength =
                Integer.parseInt(
                        r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode reply = JSON.readTree(r.body(), 0, jsonLength);
        JsonNode out = reply.get("outputs").get(0);
        assertThat(out.get("name").asText()).isEqualTo("OUTPUT0");
        assertThat(out.get("parameters").get("binary_data_size").asInt()).isEqualTo(64);
        assertThat(r.body().length).isEqualTo(jsonLength + 64);
        assertThat(r.body()[jsonLength + 3 * 4]).isEqualTo((byte) 5);
    }

    @Test
    void rejectsTruncatedAndInconsistentBinaryBodies() throws Exception {
        String header =
                "{\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}]}";
        byte[] head = header.getBytes(StandardCharsets.UTF_8);
        byte[] truncated = new byte[head.length + 100];
        System.arraycopy(head, 0, truncated, 0, head.length);
        String length = Integer.toString(head.length);
        expectError(postBinary(truncated, length), 400);
        expectError(postBinary(truncated, Integer.toString(truncated.length + 10)), 400);
        expectError(postBinary(truncated, "-5"), 400);
        expectError(postBinary(truncated, "abc"), 400);
        byte[] tooLong = new byte[head.length + 200];
        System.arraycopy(head, 0, tooLong, 0, head.length);
        expectError(postBinary(tooLong, length), 400);
    }

    @Test
    void indexesLoadsAndUnloadsThroughTheRepositoryExtension() throws Exception {
        try (RestInferenceClient client = RestInferenceClient.json(server.base())) {
            assertThat(client.repositoryIndex())
                    .extracting(e -> e.name() + ":" + e.state())
                    .contains("simple:READY");
            client.load("idle");
            assertThat(client.modelReady(dev.ferry.client.ModelTarget.of("idle"))).isTrue();
            client.unload("idle");
            assertThat(client.modelReady(dev.ferry.client.ModelTarget.of("idle"))).isFalse();
        }
        expectError(post(port, "/v2/repository/models/nope/load", "{}"), 404);
    }

    private static HttpResponse<byte[]> postBinary(byte[] body, String headerLength)
            throws Exception {
        return postBytes(
                port,
                INFER,
                body,
                "Inference-Header-Content-Length",
                headerLength,
                "Content-Type",
                "application/octet-stream");
    }

    private static void expectError(HttpResponse<?> r, int status) throws Exception {
        String text =
                r.body() instanceof byte[] b
                        ? new String(b, StandardCharsets.UTF_8)
                        : String.valueOf(r.body());
        assertThat(r.statusCode()).as(text).isEqualTo(status);
        JsonNode error = JSON.readTree(text);
        assertThat(error.size()).as(text).isEqualTo(1);
        assertThat(error.get("error").asText()).as(text).isNotBlank();
    }

    /** Both inputs with the given shape text and {@code n} elements each. */
    private static String body(String shape, int n) {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < n; i++) {
            data.append(i == 0 ? "" : ",").append(i);
        }
        return ("{\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":%1$s,\"data\":[%2$s]},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":%1$s,\"data\":[%2$s]}]}")
                .formatted(shape, data);
    }
}
