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

class BoosterTrainStepTest {
    @TempDir Path dir;

    private StepHarness run(
            BoosterTrainStep step, String name, Path data, Map<String, Object> with) {
        Map<String, Object> inputs = new HashMap<>(with);
        inputs.put("train", data);
        StepHarness context = new StepHarness(dir, name, inputs);
        step.execute(context);
        return context;
    }

    @Test
    void boostsTreesRoundByRoundAndLearnsTheDigits() {
        Dataset digits = Fixtures.digits(300, 4, 41);
        Path data = Fixtures.write(digits, dir.resolve("train.arrow"));

        StepHarness context = run(new XGBoostTrainStep(), "xgb", data, Map.of("rounds", 6));

        assertThat(context.metric("train_mlogloss")).hasSize(6);
        assertThat(context.metric("train_mlogloss").getLast())
                .isLessThan(context.metric("train_mlogloss").getFirst());
        try (OnnxScorer scorer = new OnnxScorer(context.output("model.onnx"))) {
            float[][] probabilities = scorer.score(digits);
            int correct = 0;
            for (int r = 0; r < digits.rows(); r++) {
                correct += LinearTrainStepTest.argmax(probabilities[r]) == r % 4 ? 1 : 0;
            }
            assertThat(correct / (double) digits.rows()).isGreaterThan(0.9);
        }
    }

    @Test
    void givesBitIdenticalModelsForTheSameDataAndParameters() throws Exception {
        Path data = Fixtures.write(Fixtures.tabular(200, false, 42), dir.resolve("train.arrow"));
        Map<String, Object> params = Map.of("trees", 5, "seed", 3);

        byte[] first =
                Files.readAllBytes(
                        run(new TreesTrainStep(), "a", data, params).output("model.onnx"));
        byte[] second =
                Files.readAllBytes(
                        run(new TreesTrainStep(), "b", data, params).output("model.onnx"));
        byte[] otherSeed =
                Files.readAllBytes(
                        run(new TreesTrainStep(), "c", data, Map.of("trees", 5, "seed", 4))
                                .output("model.onnx"));

        assertThat(second).isEqualTo(first);
        assertThat(otherSeed).isNotEqualTo(first);
    }

    @Test
    void rejectsBadParametersAndWritesNothing() {
        Path data = Fixtures.write(Fixtures.digits(50, 2, 43), dir.resolve("train.arrow"));

        assertThatThrownBy(() -> run(new XGBoostTrainStep(), "a", data, Map.of("subsample", 1.5)))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("'subsample' must be a number from 0.01 to 1.0, got 1.5");
        assertThat(dir.resolve("a/outputs")).isEmptyDirectory();
    }
}
