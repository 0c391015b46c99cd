package dev.ferry.ml.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.evaluate.OnnxScorer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearTrainStepTest {
    @TempDir Path dir;

    private StepHarness train(String name, Path data, Map<String, Object> with) {
        Map<String, Object> inputs = new HashMap<>(with);
        inputs.put("train", data);
        StepHarness context = new StepHarness(dir, name, inputs);
        new LinearTrainStep().execute(context);
        return context;
    }

    @Test
    void trainsAModelThatTakesTheRawPixelsAndPredictsTheDigits() {
        Dataset digits = Fixtures.digits(300, 4, 1);
        Path data = Fixtures.write(digits, dir.resolve("train.arrow"));

        StepHarness context = train("train", data, Map.of("learning_rate", 0.1, "epochs", 3));

        assertThat(context.outputFiles()).containsExactly("model.onnx");
        assertThat(context.logicalTypes).containsEntry("model", "model");
        try (OnnxScorer scorer = new OnnxScorer(context.output("model.onnx"))) {
            float[][] probabilities = scorer.score(digits);
            assertThat(probabilities[0]).hasSize(4);
            int correct = 0;
            for (int r = 0; r < digits.rows(); r++) {
                if (argmax(probabilities[r]) == r % 4) {
                    correct++;
                }
            }
            assertThat(correct / (double) digits.rows()).isGreaterThan(0.9);
            assertThat(scorer.metadata())
                    .containsEntry("ferry.labels", "[\"0\",\"1\",\"2\",\"3\"]");
        }
    }

    @Test
    void reportsTheLossOfEveryEpochAsItHappens() {
        Path data = Fixtures.write(Fixtures.digits(200, 3, 2), dir.resolve("train.arrow"));

        StepHarness context = train("train", data, Map.of("epochs", 4));

        assertThat(context.metrics)
                .extracting(StepHarness.Point::step)
                .containsExactly(1L, 2L, 3L, 4L);
        assertThat(context.metric("train_loss")).allMatch(loss -> loss > 0);
        assertThat(context.metric("train_loss").getLast())
                .isLessThan(context.metric("train_loss").getFirst());
        assertThat(context.values).containsKeys("train_seconds", "samples_per_second");
    }

    @Test
    void givesBitIdenticalModelsForTheSameDataAndParameters() throws Exception {
        Path data = Fixtures.write(Fixtures.digits(200, 3, 3), dir.resolve("train.arrow"));
        Map<String, Object> params = Map.of("learning_rate", 0.05, "epochs", 2, "seed", 7);

        byte[] first = Files.readAllBytes(train("a", data, params).output("model.onnx"));
        byte[] second = Files.readAllBytes(train("b", data, params).output("model.onnx"));
        byte[] otherSeed =
                Files.readAllBytes(
                        train("c", data, Map.of("learning_rate", 0.05, "epochs", 2, "seed", 8))
                                .output("model.onnx"));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void fitsARegressionOnNumbersAndCategories() {
        Dataset rows = Fixtures.tabular(400, true, 4);
        Path data = Fixtures.write(rows, dir.resolve("train.arrow"));

        StepHarness context = train("train", data, Map.of("learning_rate", 0.5, "epochs", 20));

        try (OnnxScorer scorer = new OnnxScorer(context.output("model.onnx"))) {
            float[][] predictions = scorer.score(rows);
            assertThat(predictions[0]).hasSize(1);
            assertThat(scorer.metadata()).containsEntry("ferry.task", "regression");
        }
    }

    @Test
    void rejectsBadHyperparametersAndWritesNothing() {
        Path data = Fixtures.write(Fixtures.digits(50, 2, 5), dir.resolve("train.arrow"));

        assertThatThrownBy(() -> train("a", data, Map.of("learning_rate", -1)))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("'learning_rate' must be a number greater than 0, got -1.0");
        assertThatThrownBy(() -> train("b", data, Map.of("epochs", 2.5)))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("'epochs' must be a whole number of at least 1");
        assertThat(dir.resolve("a/outputs")).isEmptyDirectory();
    }

    @Test
    void rejectsADatasetWithoutALabel() {
        Dataset digits = Fixtures.digits(20, 2, 6);
        Dataset unlabelled = Dataset.of(digits.columns(), java.util.Optional.empty());
        Path data = Fixtures.write(unlabelled, dir.resolve("train.arrow"));

        assertThatThrownBy(() -> train("a", data, Map.of())).hasMessageContaining("label");
        assertThat(dir.resolve("a/outputs")).isEmptyDirectory();
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
