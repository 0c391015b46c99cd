package dev.ferry.ml.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.evaluate.OnnxScorer;
import dev.ferry.ml.train.BoosterTraining;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Fixtures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tree-ensemble graph must score exactly as XGBoost does, missing values included. */
class XGBoostGraphsTest {
    @TempDir Path dir;

    private void assertMatches(Dataset rows, Map<String, Object> params, int rounds)
            throws Exception {
        FeatureLayout layout = FeatureLayout.of(rows);
        float[] matrix = layout.matrix(rows);
        Booster booster =
                new BoosterTraining()
                        .train(
                                layout,
                                matrix,
                                BoosterTraining.labels(layout, rows),
                                params,
                                3,
                                rounds,
                                (n, v, r) -> {});
        float[][] expected =
                booster.predict(new DMatrix(matrix, rows.rows(), layout.width(), Float.NaN));
        ModelProto proto =
                new OnnxModelAssembler()
                        .assemble(
                                layout,
                                new XGBoostGraphs().fragment(booster, layout),
                                new ModelMetadata(
                                                layout.task(),
                                                layout.classes(),
                                                "t",
                                                Map.of(),
                                                Map.of())
                                        .toProperties());
        Path file = Files.write(dir.resolve("model.onnx"), proto.toByteArray());
        try (OnnxScorer scorer = new OnnxScorer(file)) {
            float[][] onnx = scorer.score(rows);
            for (int r = 0; r < rows.rows(); r++) {
                assertThat(onnx[r]).hasSize(expected[r].length);
                for (int c = 0; c < expected[r].length; c++) {
                    assertThat((double) onnx[r][c]).isCloseTo(expected[r][c], within(1e-5));
                }
            }
        }
    }

    @Test
    void boostedClassifierMatchesXGBoostOnRawPixels() throws Exception {
        assertMatches(Fixtures.digits(240, 4, 31), Map.of("eta", 0.3, "max_depth", 4), 8);
    }

    @Test
    void boostedClassifierMatchesXGBoostWithMissingNumbersAndCategories() throws Exception {
        assertMatches(Fixtures.tabular(300, false, 32), Map.of("eta", 0.3, "max_depth", 3), 10);
    }

    @Test
    void boostedRegressionMatchesXGBoost() throws Exception {
        assertMatches(Fixtures.tabular(300, true, 33), Map.of("eta", 0.3, "max_depth", 3), 10);
    }

    @Test
    void randomForestMatchesXGBoost() throws Exception {
        assertMatches(
                Fixtures.digits(240, 3, 34),
                Map.of(
                        "eta", 1.0,
                        "num_parallel_tree", 10,
                        "subsample", 0.8,
                        "colsample_bynode", 0.8,
                        "max_depth", 5),
                1);
    }
}
