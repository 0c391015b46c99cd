package dev.ferry.ml.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.ml.evaluate.EvaluateStep;
import dev.ferry.ml.ingest.IngestIdxStep;
import dev.ferry.ml.split.SplitStep;
import dev.ferry.ml.train.FmTrainStep;
import dev.ferry.ml.train.LinearTrainStep;
import dev.ferry.ml.train.StepHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MNIST slice's learning steps on the 10,000 real digits shipped in examples/mnist: ingest,
 * split 80/20, a 3-point learning-rate sweep, and an evaluation gated at accuracy >= 0.90.
 */
class MnistSweepIT {
    static final Path DATA = Path.of("..", "examples", "mnist", "data");

    @TempDir Path dir;

    @Test
    void theBestOfTheLearningRateSweepPassesTheGateOnHeldOutDigits() throws Exception {
        StepHarness ingest =
                new StepHarness(
                        dir,
                        "ingest",
                        Map.of(
                                "images", DATA.resolve("digits-images-idx3-ubyte.gz"),
                                "labels", DATA.resolve("digits-labels-idx1-ubyte.gz")));
        new IngestIdxStep().execute(ingest);
        StepHarness split =
                new StepHarness(
                        dir,
                        "split",
                        Map.of(
                                "dataset",
                                ingest.output("dataset.arrow"),
                                "eval",
                                0.2,
                                "stratify",
                                "label",
                                "seed",
                                42));
        new SplitStep().execute(split);

        List<Path> models = new ArrayList<>();
        for (double rate : new double[] {0.01, 0.05, 0.1}) {
            StepHarness train =
                    new StepHarness(
                            dir,
                            "train-" + rate,
                            Map.of(
                                    "train",
                                    split.output("train.arrow"),
                                    "learning_rate",
                                    rate,
                                    "epochs",
                                    5));
            new LinearTrainStep().execute(train);
            assertThat(train.metric("train_loss")).hasSize(5);
            models.add(train.output("model.onnx"));
            System.out.printf(
                    "mnist linear lr=%s: %.2f s, %.0f samples/s%n",
                    rate,
                    train.values.get("train_seconds"),
                    train.values.get("samples_per_second"));
        }
        StepHarness evaluate =
                new StepHarness(
                        dir,
                        "evaluate",
                        Map.of(
                                "candidates",
                                models,
                                "data",
                                split.output("eval.arrow"),
                                "select",
                                "max(accuracy)",
                                "gate",
                                Map.of("accuracy", ">= 0.90")));
        new EvaluateStep().execute(evaluate);

        System.out.println(Files.readString(evaluate.output("report.md")));
        assertThat((double) evaluate.values.get("accuracy")).isGreaterThanOrEqualTo(0.90);
        assertThat(evaluate.values).containsEntry("passed", true);
    }

    @Test
    void aFactorizationMachineLearnsTheDigitsToo() {
        StepHarness ingest =
                new StepHarness(
                        dir,
                        "ingest",
                        Map.of(
                                "images", DATA.resolve("digits-images-idx3-ubyte.gz"),
                                "labels", DATA.resolve("digits-labels-idx1-ubyte.gz")));
        new IngestIdxStep().execute(ingest);
        StepHarness split =
                new StepHarness(
                        dir,
                        "split",
                        Map.of(
                                "dataset",
                                ingest.output("dataset.arrow"),
                                "stratify",
                                "label",
                                "seed",
                                42));
        new SplitStep().execute(split);
        StepHarness train =
                new StepHarness(
                        dir,
                        "fm",
                        Map.of(
                                "train",
                                split.output("train.arrow"),
                                "learning_rate",
                                0.05,
                                "epochs",
                                5));
        new FmTrainStep().execute(train);
        StepHarness evaluate =
                new StepHarness(
                        dir,
                        "evaluate",
                        Map.of(
                                "candidates",
                                train.output("model.onnx"),
                                "data",
                                split.output("eval.arrow")));
        new EvaluateStep().execute(evaluate);

        System.out.printf(
                "mnist fm: accuracy %.4f, %.2f s%n",
                evaluate.values.get("accuracy"), train.values.get("train_seconds"));
        assertThat((double) evaluate.values.get("accuracy")).isGreaterThanOrEqualTo(0.90);
    }

    @Test
    void gradientBoostedTreesLearnTheDigits() {
        StepHarness ingest =
                new StepHarness(
                        dir,
                        "ingest",
                        Map.of(
                                "images", DATA.resolve("digits-images-idx3-ubyte.gz"),
                                "labels", DATA.resolve("digits-labels-idx1-ubyte.gz")));
        new IngestIdxStep().execute(ingest);
        StepHarness split =
                new StepHarness(
                        dir,
                        "split",
                        Map.of(
                                "dataset",
                                ingest.output("dataset.arrow"),
                                "stratify",
                                "label",
                                "seed",
                                42));
        new SplitStep().execute(split);
        StepHarness train =
                new StepHarness(
                        dir,
                        "xgboost",
                        Map.of("train", split.output("train.arrow"), "rounds", 30, "max_depth", 6));
        new dev.ferry.ml.train.XGBoostTrainStep().execute(train);
        StepHarness evaluate =
                new StepHarness(
                        dir,
                        "evaluate",
                        Map.of(
                                "candidates",
                                train.output("model.onnx"),
                                "data",
                                split.output("eval.arrow")));
        new EvaluateStep().execute(evaluate);

        System.out.printf(
                "mnist xgboost: accuracy %.4f, %.2f s%n",
                evaluate.values.get("accuracy"), train.values.get("train_seconds"));
        assertThat((double) evaluate.values.get("accuracy")).isGreaterThanOrEqualTo(0.90);
    }
}
