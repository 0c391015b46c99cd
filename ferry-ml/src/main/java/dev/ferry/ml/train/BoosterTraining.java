package dev.ferry.ml.train;

import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Trains an XGBoost booster round by round on the flat feature matrix, reporting the training
 * metric after every round (e.g. {@code train_mlogloss}) as it happens. One thread and a fixed seed
 * make the booster, and so the exported model, repeatable.
 */
public final class BoosterTraining {
    private static final Pattern METRIC =
            Pattern.compile("train-([a-z@0-9_-]+):([-+0-9.eE]+|nan|inf)");

    /**
     * @param params XGBoost parameters besides objective, num_class, seed and nthread
     * @param sink receives (metric name, value) with the 1-based round as the step
     */
    public Booster train(
            FeatureLayout layout,
            float[] matrix,
            float[] labels,
            Map<String, Object> params,
            long seed,
            int rounds,
            MetricSink sink) {
        int rows = labels.length;
        Map<String, Object> all = new HashMap<>(params);
        if (layout.task() == Task.CLASSIFICATION) {
            all.put("objective", "multi:softprob");
            all.put("num_class", layout.classes().size());
        } else {
            all.put("objective", "reg:squarederror");
        }
        all.put("seed", seed);
        all.put("nthread", 1);
        all.put("tree_method", "hist");
        all.put("verbosity", 0);
        try {
            DMatrix train = new DMatrix(matrix, rows, layout.width(), Float.NaN);
            try {
                train.setLabel(labels);
                Booster booster = XGBoost.train(train, all, 0, Map.of(), null, null);
                for (int round = 0; round < rounds; round++) {
                    booster.update(train, round);
                    String evaluation =
                            booster.evalSet(new DMatrix[] {train}, new String[] {"train"}, round);
                    Matcher m = METRIC.matcher(evaluation);
                    while (m.find()) {
                        sink.accept(
                                "train_" + m.group(1).replace('-', '_'),
                                Double.parseDouble(m.group(2)),
                                round + 1);
                    }
                }
                return booster;
            } finally {
                train.dispose();
            }
        } catch (XGBoostError e) {
            throw new TrainingException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    /** Where per-round metrics go. */
    @FunctionalInterface
    public interface MetricSink {
        void accept(String name, double value, long round);
    }

    /** Labels as XGBoost wants them: class codes or targets as floats. */
    public static float[] labels(FeatureLayout layout, dev.ferry.ml.data.Dataset data) {
        float[] labels = new float[data.rows()];
        if (layout.task() == Task.CLASSIFICATION) {
            int[] codes = layout.classCodes(data);
            for (int i = 0; i < codes.length; i++) {
                labels[i] = codes[i];
            }
        } else {
            double[] targets = layout.targets(data);
            for (int i = 0; i < targets.length; i++) {
                labels[i] = (float) targets[i];
            }
        }
        return labels;
    }
}
