package dev.ferry.bench.mnist;

import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.ingest.IngestIdxStep;
import dev.ferry.ml.split.SplitStep;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.LinearTrainStep;
import dev.ferry.ml.train.TribuoDatasets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.tribuo.MutableDataset;
import org.tribuo.classification.Label;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;

/**
 * MNIST training step against its baseline: {@code ferry/train-linear} (read the Arrow dataset,
 * convert, train, export ONNX, write) versus Tribuo's trainer alone on an already converted
 * dataset, same parameters, 5 epochs, at the sweep's three learning rates. Medians of repeats; peak
 * RSS from /proc.
 */
public final class MnistTrainingBench {
    private static final int REPEATS = 3;

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "examples/mnist/data");
        Path work = Files.createTempDirectory("ferry-bench-mnist");
        BenchStepContext ingest =
                new BenchStepContext(
                        work.resolve("ingest"),
                        Map.of(
                                "images", data.resolve("digits-images-idx3-ubyte.gz"),
                                "labels", data.resolve("digits-labels-idx1-ubyte.gz")));
        new IngestIdxStep().execute(ingest);
        BenchStepContext split =
                new BenchStepContext(
                        work.resolve("split"),
                        Map.of(
                                "dataset",
                                ingest.outputsDir().resolve("dataset.arrow"),
                                "eval",
                                0.2,
                                "stratify",
                                "label",
                                "seed",
                                42));
        new SplitStep().execute(split);
        System.err.println("ingested and split");
        Path train = split.outputsDir().resolve("train.arrow");
        Dataset trainData = new DatasetReader().read(train);
        int rows = trainData.rows();
        int epochs = 5;

        FeatureLayout layout = FeatureLayout.of(trainData);
        float[] scale = TribuoDatasets.maxAbsScale(trainData, layout);
        MutableDataset<Label> tribuoData =
                new TribuoDatasets().classification(trainData, layout, scale);
        double[] baseline = new double[REPEATS];
        double[] step = new double[REPEATS];
        double[] rates = {0.01, 0.05, 0.1};
        for (int i = 0; i < REPEATS; i++) {
            long start = System.nanoTime();
            new LinearSGDTrainer(
                            new LogMulticlass(), new AdaGrad(rates[i], 0.1), epochs, rows, 1, 42)
                    .train(tribuoData);
            baseline[i] = (System.nanoTime() - start) / 1e9;
            BenchStepContext context =
                    new BenchStepContext(
                            work.resolve("train-" + i),
                            Map.of("train", train, "learning_rate", rates[i], "epochs", epochs));
            start = System.nanoTime();
            new LinearTrainStep().execute(context);
            step[i] = (System.nanoTime() - start) / 1e9;
            System.err.printf(
                    Locale.ROOT,
                    "repeat %d: baseline %.2f s, step %.2f s%n",
                    i,
                    baseline[i],
                    step[i]);
        }
        double b = median(baseline);
        double s = median(step);
        System.out.printf(
                Locale.ROOT,
                "mnist train-linear (%d rows x %d epochs, median of %d):%n"
                        + "  baseline Tribuo trainer alone  %6.2f s  %8.0f samples/s%n"
                        + "  ferry/train-linear step        %6.2f s  %8.0f samples/s  ratio %.2fx%n"
                        + "  peak RSS %s%n",
                rows,
                epochs,
                REPEATS,
                b,
                rows * epochs / b,
                s,
                rows * epochs / s,
                s / b,
                peakRss());
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String peakRss() throws Exception {
        Path status = Path.of("/proc/self/status");
        if (!Files.exists(status)) {
            return "unknown (no /proc)";
        }
        return Files.readAllLines(status).stream()
                .filter(l -> l.startsWith("VmHWM:"))
                .map(l -> l.substring(6).trim())
                .findFirst()
                .orElse("unknown");
    }
}
