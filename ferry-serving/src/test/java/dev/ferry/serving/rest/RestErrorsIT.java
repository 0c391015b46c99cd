package dev.ferry.serving.rest;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static dev.ferry.serving.server.ServingFixture.postBytes;
import static dev.ferry.serving.server.ServingFixture.simpleRequest;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestErrorsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir static Path repository;
    static FerryServer server;
    static int port;

    @BeforeAll
    static void start() throws Exception {
        ServingFixture.copySimple(repository, "simple");
        server =
                FerryServer.builder(ServingFixture.config(repository).withLimits(1 << 20, 1 << 16))
                        .discoverEndpoints(false)
                        .build()
                        .start();
        port = server.httpPort();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void assertError(HttpResponse<String> r, int status, String fragment)
            throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("content-type"))
                .hasValueSatisfying(v -> assertThat(v).contains("json"));
        var body = JSON.readTree(r.body());
        assertThat(body.fieldNames()).toIterable().containsExactly("error");
        assertThat(body.get("error").asText()).contains(fragment);
    }

    private static HttpResponse<String> infer(String body) throws Exception {
        return post(port, "/v2/models/simple/infer", body);
    }

    private static String swap(String from, String to) {
        return simpleRequest("e", 1).replaceFirst(java.util.regex.Pattern.quote(from), to);
    }

    @Test
    void answers404ForUnknownModelsVersionsAndEndpoints() throws Exception {
        assertError(get(port, "/v2/models/nope"), 404, "unknown model 'nope'");
        assertError(
                post(port, "/v2/models/nope/infer", simpleRequest("a", 1)), 404, "unknown model");
        assertError(get(port, "/v2/models/simple/versions/7"), 404, "no version 7");
        assertError(get(port, "/v2/models/simple/versions/x/ready"), 404, "no version 'x'");
        assertError(
                post(port, "/v2/models/simple/versions/3/infer", simpleRequest("a", 1)),
                404,
                "no version 3");
        assertError(get(port, "/v3/whatever"), 404, "no endpoint");
    }

    @Test
    void answers400ForMalformedBodies() throws Exception {
        assertError(infer("{not json"), 400, "malformed JSON");
        assertError(infer("[1,2]"), 400, "must be a JSON object");
        assertError(infer(""), 400, "");
        assertError(infer("{\"inputs\": 3}"), 400, "'inputs' array");
        assertError(infer("{\"id\": 5, \"inputs\": []}"), 400, "'id' must be a string");
    }

    @Test
    void answers400ForInputsThatDoNotMatchTheModel() throws Exception {
        assertError(
                infer(swap("\"INT32\"", "\"FP32\"")),
                400,
                "is FP32 but model 'simple' expects INT32");
        assertError(infer(swap("\"INT32\"", "\"INT33\"")), 400, "unknown datatype 'INT33'");
        assertError(
                infer(swap("[1,16]", "[1,15]")), 400, "has shape [1, 15] but more than 15 values");
        assertError(
                infer(swap("[1,16]", "[2,8]")),
                400,
                "has shape [2, 8] but the model expects [-1, 16]");
        assertError(infer(swap("\"INPUT0\"", "\"INPUT9\"")), 400, "has no input 'INPUT9'");
        assertError(infer(swap("\"INPUT1\"", "\"INPUT0\"")), 400, "more than once");
        assertError(infer(swap("[1,16]", "[-1,16]")), 400, "negative dimension");
        assertError(infer(swap("[1,16]", "[99999999999,99999999999]")), 400, "too many elements");
        assertError(infer(swap("[1,16]", "[4294967296,16]")), 400, "at most 65536");
        assertError(infer(swap("\"data\":[0", "\"data\":[true")), 400, "data holds a boolean");
        assertError(
                infer(swap("\"data\":[0", "\"data\":[2147483648")), 400, "out of range for INT32");
        String missing =
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15]}]}";
        assertError(infer(missing), 400, "needs input 'INPUT1'");
    }

    @Test
    void answers400ForABatchOverTheMaximum() throws Exception {
        assertError(
                infer(simpleRequest("big", 9)),
                400,
                "batch of 9 but model 'simple' accepts at most 8");
    }

    @Test
    void answers400ForUnknownOrDuplicateOutputs() throws Exception {
        String base = simpleRequest("o", 1);
        assertError(
                infer(base.replace("]}]}", "]}],\"outputs\":[{\"name\":\"OUT\"}]}")),
                400,
                "has no output 'OUT'");
        assertError(
                infer(
                        base.replace(
                                "]}]}",
                                "]}],\"outputs\":[{\"name\":\"OUTPUT0\"},{\"name\":\"OUTPUT0\"}]}")),
                400,
                "requested more than once");
    }

    @Test
    void answers501ForTheClassificationExtension() throws Exception {
        String base = simpleRequest("c", 1);
        assertError(
                infer(
                        base.replace(
                                "]}]}",
                                "]}],\"outputs\":[{\"name\":\"OUTPUT0\",\"parameters\":{\"classification\":2}}]}")),
                501,
                "classification");
    }

    @Test
    void answers400ForBadBinaryFraming() throws Exception {
        byte[] header =
                "{\"inputs\":[{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}]}"
                        .getBytes(StandardCharsets.UTF_8);
        var truncated =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        header,
                        "Inference-Header-Content-Length",
                        Integer.toString(header.length));
        assertThat(truncated.statusCode()).isEqualTo(400);
        assertThat(new String(truncated.body())).contains("claims 64 bytes");
        var tooLong =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        header,
                        "Inference-Header-Content-Length",
                        "100000");
        assertThat(tooLong.statusCode()).isEqualTo(400);
        var notNumber =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        header,
                        "Inference-Header-Content-Length",
                        "ten");
        assertThat(notNumber.statusCode()).isEqualTo(400);
    }

    @Test
    void refusesABodyOverTheLimitWithAJsonErrorTheClientReceivesWhileStillSending()
            throws Exception {
        byte[] huge = new byte[2 << 20];
        java.util.Arrays.fill(huge, (byte) ' ');
        var r =
                postBytes(
                        port, "/v2/models/simple/infer", huge, "Content-Type", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body()))
                .startsWith("{\"error\":")
                .contains("larger than " + (1 << 20) + " bytes");
        assertThat(get(port, "/v2/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void refusesABodyFarOverTheLimitBeforeReadingItAndClosesTheConnection() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(
                            ("POST /v2/models/simple/infer HTTP/1.1\r\nHost: x\r\n"
                                            + "Content-Type: application/json\r\n"
                                            + "Content-Length: "
                                            + (64L << 20)
                                            + "\r\n\r\n")
                                    .getBytes(StandardCharsets.US_ASCII));
            String answer =
                    new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer)
                    .startsWith("HTTP/1.1 413")
                    .contains("{\"error\":\"request body too large");
        }
        assertThat(get(port, "/v2/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void answers400ForARepositoryLoadOfAnUnknownModel() throws Exception {
        assertError(post(port, "/v2/repository/models/ghost/load", ""), 404, "no model 'ghost'");
        assertError(
                post(port, "/v2/repository/index", "{\"ready\": 3}"),
                400,
                "'ready' must be true or false");
    }
}
