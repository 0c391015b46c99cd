package dev.ferry.ml.train;

import dev.ferry.ml.data.Dataset;
import java.util.ArrayList;
import java.util.List;
import org.tribuo.MutableDataset;
import org.tribuo.Output;
import org.tribuo.OutputFactory;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.datasource.ListDataSource;
import org.tribuo.impl.ArrayExample;
import org.tribuo.provenance.SimpleDataSourceProvenance;
import org.tribuo.regression.RegressionFactory;
import org.tribuo.regression.Regressor;

/**
 * Converts a Ferry dataset into a Tribuo dataset with one named feature per non-zero value of the
 * flat feature vector (missing numbers count as absent), in row order, so training is repeatable.
 */
public final class TribuoDatasets {

    /**
     * Per raw feature, 1 / its largest absolute value in {@code dataset} (1 where that is 0), so
     * every scaled feature lies in [-1, 1]: SGD learns far better than on raw pixel values.
     */
    public static float[] maxAbsScale(Dataset dataset, FeatureLayout layout) {
        float[] matrix = layout.matrix(dataset);
        int width = layout.width();
        float[] max = new float[width];
        for (int i = 0; i < matrix.length; i++) {
            float v = Math.abs(matrix[i]);
            if (v > max[i % width]) {
                max[i % width] = v;
            }
        }
        float[] scale = new float[width];
        for (int f = 0; f < width; f++) {
            scale[f] = max[f] > 0 ? 1f / max[f] : 1f;
        }
        return scale;
    }

    public MutableDataset<Label> classification(Dataset dataset, FeatureLayout layout) {
        return classification(dataset, layout, null);
    }

    /** Features multiplied by {@code scale} (one factor per raw feature; null for none). */
    public MutableDataset<Label> classification(
            Dataset dataset, FeatureLayout layout, float[] scale) {
        int[] codes = layout.classCodes(dataset);
        List<String> classes = layout.classes();
        List<Label> labels = new ArrayList<>(codes.length);
        for (int code : codes) {
            labels.add(new Label(classes.get(code)));
        }
        return build(dataset, layout, labels, new LabelFactory(), scale);
    }

    public MutableDataset<Regressor> regression(Dataset dataset, FeatureLayout layout) {
        return regression(dataset, layout, null);
    }

    /** Features multiplied by {@code scale} (one factor per raw feature; null for none). */
    public MutableDataset<Regressor> regression(
            Dataset dataset, FeatureLayout layout, float[] scale) {
        double[] targets = layout.targets(dataset);
        List<Regressor> outputs = new ArrayList<>(targets.length);
        for (double target : targets) {
            outputs.add(new Regressor(layout.label().name(), target));
        }
        return build(dataset, layout, outputs, new RegressionFactory(), scale);
    }

    private static <T extends Output<T>> MutableDataset<T> build(
            Dataset dataset,
            FeatureLayout layout,
            List<T> outputs,
            OutputFactory<T> factory,
            float[] scale) {
        if (dataset.rows() == 0) {
            throw new TrainingException("the training dataset has no rows");
        }
        String[] names = layout.featureNames();
        float[] matrix = layout.matrix(dataset);
        int width = names.length;
        List<org.tribuo.Example<T>> examples = new ArrayList<>(outputs.size());
        String[] rowNames = new String[width];
        double[] rowValues = new double[width];
        for (int r = 0; r < outputs.size(); r++) {
            int n = 0;
            for (int f = 0; f < width; f++) {
                float v = matrix[r * width + f];
                if (v != 0f && !Float.isNaN(v)) {
                    rowNames[n] = names[f];
                    // same float product as the graph's Mul, so training and serving agree
                    rowValues[n] = scale == null ? v : v * scale[f];
                    n++;
                }
            }
            examples.add(
                    new ArrayExample<>(
                            outputs.get(r),
                            java.util.Arrays.copyOf(rowNames, n),
                            java.util.Arrays.copyOf(rowValues, n)));
        }
        SimpleDataSourceProvenance provenance =
                new SimpleDataSourceProvenance("ferry dataset", factory);
        return new MutableDataset<>(new ListDataSource<>(examples, factory, provenance));
    }
}
