package dev.ferry.serving.runtime.onnx;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnsignedInputsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path work;

    /** a (UINT16), b (UINT32), c (UINT64) in; each passed through an Identity out. */
    private static byte[] unsignedModel() {
        OnnxMl.GraphProto.Builder g = OnnxMl.GraphProto.newBuilder().setName("unsigned");
        String[][] io = {{"a", "4"}, {"b", "12"}, {"c", "13"}};
        for (String[] t : io) {
            int type = Integer.parseInt(t[1]);
            g.addInput(OnnxTestModels.tensor(t[0], type, "n"))
                    .addOutput(OnnxTestModels.tensor("y" + t[0], type, "n"));
            g.addNode(
                    OnnxMl.NodeProto.newBuilder()
                            .setName("id_" + t[0])
                            .setOpType("Identity")
                            .addInput(t[0])
                            .addOutput("y" + t[0]));
        }
        return OnnxTestModels.model(g);
    }

    @Test
    void servesUnsignedInputsWithTheirFullRange() throws Exception {
        Path version = work.resolve("models/unsigned/1");
        Files.createDirectories(version);
        Files.write(version.resolve("model.onnx"), unsignedModel());
        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(work.resolve("models")))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            JsonNode meta = JSON.readTree(get(port, "/v2/models/unsigned").body());
            assertThat(meta.get("inputs").toString())
                    .contains("\"name\":\"a\",\"datatype\":\"UINT16\"")
                    .contains("\"name\":\"b\",\"datatype\":\"UINT32\"")
                    .contains("\"name\":\"c\",\"datatype\":\"UINT64\"")
                    .doesNotContain("ferry");
            var r =
                    post(
                            port,
                            "/v2/models/unsigned/infer",
                            """
                            {"inputs":[
                              {"name":"a","datatype":"UINT16","shape":[2],"data":[0,65535]},
                              {"name":"b","datatype":"UINT32","shape":[2],"data":[7,4294967295]},
                              {"name":"c","datatype":"UINT64","shape":[2],
                               "data":[1,18446744073709551615]}]}
                            """);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode out = JSON.readTree(r.body());
            assertThat(out.at("/outputs/0/datatype").asText()).isEqualTo("UINT16");
            assertThat(out.at("/outputs/0/data").toString()).isEqualTo("[0,65535]");
            assertThat(out.at("/outputs/1/data").toString()).isEqualTo("[7,4294967295]");
            assertThat(out.at("/outputs/2/data").toString()).isEqualTo("[1,18446744073709551615]");
        }
    }
}
