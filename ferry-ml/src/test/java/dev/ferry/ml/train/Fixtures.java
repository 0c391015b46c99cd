package dev.ferry.ml.train;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.TensorColumn;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/** Small, seeded datasets the learning steps' tests train on. */
public final class Fixtures {
    public static final int PIXELS = 16;

    private Fixtures() {}

    /**
     * Tiny "digits": 16 pixels, class c lights pixels 1+4c..4+4c (with noise); pixels 0 and 15 are
     * always dark, so a sparse trainer never sees them and the export must map around them.
     */
    public static Dataset digits(int rows, int classes, long seed) {
        Random random = new Random(seed);
        float[] pixels = new float[rows * PIXELS];
        int[] codes = new int[rows];
        for (int r = 0; r < rows; r++) {
            int c = r % classes;
            codes[r] = c;
            for (int p = 1; p < PIXELS - 1; p++) {
                boolean lit = p >= 1 + 3 * c && p <= 3 + 3 * c;
                double v = lit ? 150 + random.nextGaussian() * 40 : random.nextDouble() * 60;
                pixels[r * PIXELS + p] = random.nextDouble() < 0.3 ? 0f : (float) Math.max(0, v);
            }
        }
        List<String> names =
                java.util.stream.IntStream.range(0, classes).mapToObj(Integer::toString).toList();
        List<Column> columns =
                List.of(
                        new TensorColumn("image", PIXELS, pixels),
                        new CategoryColumn("label", names, codes));
        return Dataset.of(columns, Optional.of("label"));
    }

    /**
     * Tabular rows: a number (with missing values), a category and either a category label
     * ("good"/"bad") or a number label.
     */
    public static Dataset tabular(int rows, boolean numericLabel, long seed) {
        Random random = new Random(seed);
        double[] age = new double[rows];
        BitSet missing = new BitSet();
        int[] color = new int[rows];
        int[] good = new int[rows];
        double[] amount = new double[rows];
        for (int r = 0; r < rows; r++) {
            age[r] = 20 + random.nextInt(50);
            if (r % 7 == 3) {
                missing.set(r);
            }
            color[r] = random.nextInt(3);
            double score = (age[r] - 45) / 10 + (color[r] == 2 ? 1.5 : -0.5);
            good[r] = score + random.nextGaussian() * 0.5 > 0 ? 0 : 1;
            amount[r] =
                    3 * (missing.get(r) ? 0 : age[r]) / 10 + color[r] * 2 + random.nextGaussian();
        }
        Column label =
                numericLabel
                        ? new NumberColumn("amount", amount)
                        : new CategoryColumn("risk", List.of("good", "bad"), good);
        List<Column> columns =
                List.of(
                        new NumberColumn("age", age, missing),
                        new CategoryColumn("color", List.of("red", "green", "blue"), color),
                        label);
        return Dataset.of(columns, Optional.of(label.name()));
    }

    /** The same rows with labels shuffled: anything trained on it learns nothing useful. */
    public static Dataset shuffledLabels(Dataset dataset, long seed) {
        CategoryColumn label = dataset.categories("label");
        int[] codes = label.codes().clone();
        Random random = new Random(seed);
        for (int i = codes.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = codes[i];
            codes[i] = codes[j];
            codes[j] = t;
        }
        return Dataset.of(
                List.of(
                        dataset.require("image"),
                        new CategoryColumn("label", label.categories(), codes)),
                Optional.of("label"));
    }

    public static Path write(Dataset dataset, Path file) {
        new DatasetWriter().write(dataset, file);
        return file;
    }
}
