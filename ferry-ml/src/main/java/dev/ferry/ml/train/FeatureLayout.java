package dev.ferry.ml.train;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.ColumnType;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.TensorColumn;
import java.util.ArrayList;
import java.util.List;

/**
 * How a dataset's raw feature columns become one flat feature vector: a tensor column gives its
 * values in order, a number column one value (missing as NaN), a category column one indicator per
 * declared category. The exported model graph repeats exactly this, so a model takes the raw
 * columns as inputs.
 *
 * @param inputs the feature columns, in dataset order
 * @param label the label column
 * @param task classification for a category label, regression for a number label
 */
public record FeatureLayout(List<ColumnSpec> inputs, ColumnSpec label, Task task) {
    public FeatureLayout {
        inputs = List.copyOf(inputs);
    }

    /** The layout of {@code dataset}'s declared label and its other columns. */
    public static FeatureLayout of(Dataset dataset) {
        Column labelColumn = dataset.label();
        ColumnSpec label = labelColumn.spec();
        Task task =
                switch (label.type()) {
                    case CATEGORY -> Task.CLASSIFICATION;
                    case NUMBER -> Task.REGRESSION;
                    default ->
                            throw new TrainingException(
                                    "label column '"
                                            + label.name()
                                            + "' is "
                                            + label.describeType()
                                            + "; a label must be a category (classification) or a"
                                            + " number (regression)");
                };
        List<ColumnSpec> inputs = new ArrayList<>();
        for (ColumnSpec spec : dataset.schema().features()) {
            if (spec.type() == ColumnType.STRING) {
                throw new TrainingException(
                        "column '"
                                + spec.name()
                                + "' is free text, which the built-in trainers cannot use; drop it"
                                + " or declare it a category");
            }
            inputs.add(spec);
        }
        if (inputs.isEmpty()) {
            throw new TrainingException(
                    "the dataset has no feature columns besides the label '" + label.name() + "'");
        }
        return new FeatureLayout(inputs, label, task);
    }

    /** Length of the flat feature vector. */
    public int width() {
        int width = 0;
        for (ColumnSpec spec : inputs) {
            width += spec.type() == ColumnType.CATEGORY ? spec.categories().size() : spec.width();
        }
        return width;
    }

    /** Names of the flat features, e.g. {@code image[12]}, {@code age}, {@code color=red}. */
    public String[] featureNames() {
        String[] names = new String[width()];
        int at = 0;
        for (ColumnSpec spec : inputs) {
            switch (spec.type()) {
                case TENSOR -> {
                    for (int i = 0; i < spec.width(); i++) {
                        names[at++] = spec.name() + "[" + i + "]";
                    }
                }
                case CATEGORY -> {
                    for (String category : spec.categories()) {
                        names[at++] = spec.name() + "=" + category;
                    }
                }
                default -> names[at++] = spec.name();
            }
        }
        return names;
    }

    /** The class names of a classification label, in output order. */
    public List<String> classes() {
        return task == Task.CLASSIFICATION ? label.categories() : List.of();
    }

    /** Row-major flat features of every row; missing numbers are NaN. */
    public float[] matrix(Dataset dataset) {
        int rows = dataset.rows();
        int width = width();
        float[] out = new float[rows * width];
        int offset = 0;
        for (ColumnSpec spec : inputs) {
            Column column = dataset.require(spec.name());
            if (!column.spec().equals(spec)) {
                throw new TrainingException(
                        "column '"
                                + spec.name()
                                + "' is "
                                + column.spec().describeType()
                                + " in this dataset but the model expects "
                                + spec.describeType());
            }
            switch (column) {
                case TensorColumn t -> {
                    float[] values = t.values();
                    for (int r = 0; r < rows; r++) {
                        System.arraycopy(values, r * t.width(), out, r * width + offset, t.width());
                    }
                }
                case NumberColumn n -> {
                    for (int r = 0; r < rows; r++) {
                        out[r * width + offset] = n.isMissing(r) ? Float.NaN : (float) n.get(r);
                    }
                }
                case CategoryColumn c -> {
                    for (int r = 0; r < rows; r++) {
                        int code = c.code(r);
                        if (code >= 0) {
                            out[r * width + offset + code] = 1f;
                        }
                    }
                }
                default ->
                        throw new TrainingException(
                                "column '" + spec.name() + "' cannot be a feature");
            }
            offset += spec.type() == ColumnType.CATEGORY ? spec.categories().size() : spec.width();
        }
        return out;
    }

    /** Class codes (classification) per row; fails on a missing label. */
    public int[] classCodes(Dataset dataset) {
        CategoryColumn column = dataset.categories(label.name());
        int[] codes = new int[dataset.rows()];
        for (int r = 0; r < codes.length; r++) {
            codes[r] = column.code(r);
            if (codes[r] < 0) {
                throw missingLabel(r);
            }
        }
        return codes;
    }

    /** Targets (regression) per row; fails on a missing label. */
    public double[] targets(Dataset dataset) {
        NumberColumn column = dataset.numbers(label.name());
        double[] targets = new double[dataset.rows()];
        for (int r = 0; r < targets.length; r++) {
            if (column.isMissing(r) || Double.isNaN(column.get(r))) {
                throw missingLabel(r);
            }
            targets[r] = column.get(r);
        }
        return targets;
    }

    private TrainingException missingLabel(int row) {
        return new TrainingException(
                "label '"
                        + label.name()
                        + "' is missing in row "
                        + row
                        + "; drop or fill rows without a label before training");
    }
}
