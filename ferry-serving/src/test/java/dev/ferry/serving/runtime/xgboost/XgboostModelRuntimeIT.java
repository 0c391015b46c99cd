package dev.ferry.serving.runtime.xgboost;

import static dev.ferry.serving.server.ServingFixture.get;
import static dev.ferry.serving.server.ServingFixture.post;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.serving.server.FerryServer;
import dev.ferry.serving.server.ServingFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class XgboostModelRuntimeIT {
    @TempDir Path repository;

    @Test
    void servesABoosterSavedAsUniversalBinaryJson() throws Exception {
        float[] x = {0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 2, 2, 2, 3, 0, 1};
        DMatrix train = new DMatrix(x, 6, 3, Float.NaN);
        train.setLabel(new float[] {0, 1, 1, 0, 1, 0});
        Booster booster =
                XGBoost.train(
                        train,
                        Map.of("objective", "binary:logistic", "max_depth", 2, "seed", 1),
                        5,
                        Map.of(),
                        null,
                        null);
        Path version = repository.resolve("trees/1");
        Files.createDirectories(version);
        booster.saveModel(version.resolve("model.ubj").toString());
        float[][] expected =
                booster.inplace_predict(new float[] {1, 1, 0, 2, 2, 2}, 2, 3, Float.NaN);
        booster.dispose();
        train.dispose();

        try (FerryServer server =
                FerryServer.builder(ServingFixture.config(repository))
                        .discoverEndpoints(false)
                        .build()
                        .start()) {
            int port = server.httpPort();
            JsonNode meta = new ObjectMapper().readTree(get(port, "/v2/models/trees").body());
            assertThat(meta.get("platform").asText()).isEqualTo("xgboost");
            assertThat(meta.get("inputs").get(0).toString())
                    .isEqualTo("{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[-1,3]}");
            var r =
                    post(
                            port,
                            "/v2/models/trees/infer",
                            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[2,3],\"data\":[[1,1,0],[2,2,2]]}]}");
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode out = new ObjectMapper().readTree(r.body()).get("outputs").get(0);
            assertThat(out.get("shape").toString()).isEqualTo("[2,1]");
            assertThat(out.get("data").get(0).floatValue())
                    .isCloseTo(expected[0][0], within(1e-6f));
            assertThat(out.get("data").get(1).floatValue())
                    .isCloseTo(expected[1][0], within(1e-6f));
            var wrong =
                    post(
                            port,
                            "/v2/models/trees/infer",
                            "{\"inputs\":[{\"name\":\"input\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[1,1]}]}");
            assertThat(wrong.statusCode()).isEqualTo(400);
        }
    }
}
