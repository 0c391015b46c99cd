package dev.ferry.serving.rest;

import static dev.ferry.serving.server.ServingFixture.postBytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RestBinaryIT {
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

    private static byte[] ints(int rows, int start) {
        ByteBuffer b = ByteBuffer.allocate(rows * 16 * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < rows * 16; i++) {
            b.putInt(start + i);
        }
        return b.array();
    }

    private static byte[] body(String header, byte[]... blocks) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.getBytes(StandardCharsets.UTF_8));
        for (byte[] b : blocks) {
            out.writeBytes(b);
        }
        return out.toByteArray();
    }

    @Test
    void readsBinaryInputsAndWritesBinaryOutputsWhenAskedForAll() throws Exception {
        String header =
                "{\"id\":\"b1\",\"parameters\":{\"binary_data_output\":true},\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[2,16],\"parameters\":{\"binary_data_size\":128}},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[2,16],\"parameters\":{\"binary_data_size\":128}}]}";
        int headerLength = header.getBytes(StandardCharsets.UTF_8).length;
        var r =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        body(header, ints(2, 10), ints(2, 0)),
                        "Inference-Header-Content-Length",
                        Integer.toString(headerLength));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        int jsonLength =
                Integer.parseInt(
                        r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode json = JSON.readTree(Arrays.copyOf(r.body(), jsonLength));
        assertThat(json.get("id").asText()).isEqualTo("b1");
        JsonNode out0 = json.get("outputs").get(0);
        assertThat(out0.has("data")).isFalse();
        assertThat(out0.get("parameters").get("binary_data_size").asInt()).isEqualTo(128);
        ByteBuffer data =
                ByteBuffer.wrap(r.body(), jsonLength, r.body().length - jsonLength)
                        .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(data.remaining()).isEqualTo(256);
        assertThat(data.getInt(jsonLength)).isEqualTo(10);
        assertThat(data.getInt(jsonLength + 5 * 4)).isEqualTo(10 + 5 + 5);
        assertThat(data.getInt(jsonLength + 128 + 5 * 4)).isEqualTo(10);
    }

    @Test
    void mixesBinaryAndJsonPerOutput() throws Exception {
        StringBuilder ones = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            ones.append(i == 0 ? "" : ",").append(1);
        }
        String header =
                "{\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"data\":["
                        + ones
                        + "]}],\"outputs\":[{\"name\":\"OUTPUT1\",\"parameters\":{\"binary_data\":true}},{\"name\":\"OUTPUT0\"}]}";
        int headerLength = header.getBytes(StandardCharsets.UTF_8).length;
        var r =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        body(header, ints(1, 0)),
                        "Inference-Header-Content-Length",
                        Integer.toString(headerLength));
        assertThat(r.statusCode()).as(new String(r.body())).isEqualTo(200);
        int jsonLength =
                Integer.parseInt(
                        r.headers().firstValue("Inference-Header-Content-Length").orElseThrow());
        JsonNode json = JSON.readTree(Arrays.copyOf(r.body(), jsonLength));
        assertThat(json.get("outputs").get(0).get("name").asText()).isEqualTo("OUTPUT1");
        assertThat(json.get("outputs").get(1).get("data").get(2).asInt()).isEqualTo(3);
        ByteBuffer data = ByteBuffer.wrap(r.body()).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(r.body().length - jsonLength).isEqualTo(64);
        assertThat(data.getInt(jsonLength + 2 * 4)).isEqualTo(1);
    }

    @Test
    void rejectsBinaryDataThatNoInputClaims() throws Exception {
        String header =
                "{\"inputs\":["
                    + "{\"name\":\"INPUT0\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}},"
                    + "{\"name\":\"INPUT1\",\"datatype\":\"INT32\",\"shape\":[1,16],\"parameters\":{\"binary_data_size\":64}}]}";
        int headerLength = header.getBytes(StandardCharsets.UTF_8).length;
        var r =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        body(header, ints(1, 0), ints(1, 0), new byte[3]),
                        "Inference-Header-Content-Length",
                        Integer.toString(headerLength));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body())).contains("3 bytes of binary data follow the JSON");
        var wrongSize =
                postBytes(
                        port,
                        "/v2/models/simple/infer",
                        body(header.replaceFirst("64", "60"), ints(1, 0), ints(1, 0)),
                        "Inference-Header-Content-Length",
                        Integer.toString(headerLength));
        assertThat(wrongSize.statusCode()).isEqualTo(400);
    }
}
