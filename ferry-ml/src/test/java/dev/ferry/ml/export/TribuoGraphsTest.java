package dev.ferry.ml.export;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.evaluate.OnnxScorer;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Fixtures;
import dev.ferry.ml.train.Task;
import dev.ferry.ml.train.TribuoDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.Regressor;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/** The exported graphs must score exactly as Tribuo does, from the raw columns. */
class TribuoGraphsTest {
    @TempDir Path dir;

    private Path export(Model<?> model, FeatureLayout layout) throws Exception {
        return export(model, layout, java.util.Optional.empty());
    }

    private Path export(Model<?> model, FeatureLayout layout, java.util.Optional<float[]> scale)
            throws Exception {
        ModelMetadata metadata =
                new ModelMetadata(layout.task(), layout.classes(), "test", Map.of(), Map.of());
        ModelProto proto =
                new OnnxModelAssembler()
                        .assemble(
                                layout,
                                new TribuoGraphs().fragment(cast(model), layout, scale),
                                metadata.toProperties());
        Path file = dir.resolve("model.onnx");
        Files.write(file, proto.toByteArray());
        return file;
    }

    @SuppressWarnings("unchecked")
    private static Model<? extends org.tribuo.Output<?>> cast(Model<?> model) {
        return (Model<? extends org.tribuo.Output<?>>) model;
    }

    @Test
    void linearClassifierScoresMatchTribuoFromRawPixels() throws Exception {
        assertClassifierMatches(
                new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 3, 1, 1, 9),
                Fixtures.digits(240, 4, 11));
    }

    @Test
    void factorizationMachineScoresMatchTribuoOnNumbersAndCategories() throws Exception {
        assertClassifierMatches(
                new FMClassificationTrainer(
                        new LogMulticlass(), new AdaGrad(0.1, 0.1), 3, 1000, 1, 9, 4, 0.1),
                Fixtures.tabular(300, false, 12));
    }

    @Test
    void linearRegressionPredictionsMatchTribuoWithMissingValues() throws Exception {
        Dataset rows = Fixtures.tabular(300, true, 13);
        FeatureLayout layout = FeatureLayout.of(rows);
        MutableDataset<Regressor> data = new TribuoDatasets().regression(rows, layout);
        Model<Regressor> model =
                new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                                new SquaredLoss(), new AdaGrad(0.1, 0.1), 5, 1000, 1, 3)
                        .train(data);

        try (OnnxScorer scorer = new OnnxScorer(export(model, layout))) {
            float[][] onnx = scorer.score(rows);
            List<Prediction<Regressor>> tribuo = model.predict(data);
            for (int r = 0; r < rows.rows(); r++) {
                assertThat((double) onnx[r][0])
                        .isCloseTo(tribuo.get(r).getOutput().getValues()[0], within(r));
            }
        }
    }

    @Test
    void scaledFeaturesAreScaledInsideTheGraphToo() throws Exception {
        Dataset rows = Fixtures.digits(240, 4, 14);
        FeatureLayout layout = FeatureLayout.of(rows);
        float[] scale = TribuoDatasets.maxAbsScale(rows, layout);
        MutableDataset<Label> data = new TribuoDatasets().classification(rows, layout, scale);
        Model<Label> model =
                new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 0.1), 3, 1, 1, 9)
                        .train(data);

        try (OnnxScorer scorer =
                new OnnxScorer(export(model, layout, java.util.Optional.of(scale)))) {
            float[][] onnx = scorer.score(rows);
            int r = 0;
            for (Example<Label> example : data) {
                Prediction<Label> prediction = model.predict(example);
                for (int c = 0; c < layout.classes().size(); c++) {
                    double expected =
                            prediction.getOutputScores().get(layout.classes().get(c)).getScore();
                    assertThat((double) onnx[r][c]).isCloseTo(expected, within(r));
                }
                r++;
            }
        }
    }

    private void assertClassifierMatches(org.tribuo.Trainer<Label> trainer, Dataset rows)
            throws Exception {
        FeatureLayout layout = FeatureLayout.of(rows);
        assertThat(layout.task()).isEqualTo(Task.CLASSIFICATION);
        MutableDataset<Label> data = new TribuoDatasets().classification(rows, layout);
        Model<Label> model = trainer.train(data);

        try (OnnxScorer scorer = new OnnxScorer(export(model, layout))) {
            float[][] onnx = scorer.score(rows);
            int r = 0;
            for (Example<Label> example : data) {
                Prediction<Label> prediction = model.predict(example);
                for (int c = 0; c < layout.classes().size(); c++) {
                    double expected =
                            prediction.getOutputScores().get(layout.classes().get(c)).getScore();
                    assertThat((double) onnx[r][c]).isCloseTo(expected, within(r));
                }
                r++;
            }
        }
    }

    private static org.assertj.core.data.Offset<Double> within(int row) {
        return org.assertj.core.data.Offset.offset(1e-5);
    }
}
