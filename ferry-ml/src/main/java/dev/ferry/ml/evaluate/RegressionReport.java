package dev.ferry.ml.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;

/** Regression quality of predictions against targets: MAE, RMSE and R². */
public final class RegressionReport {
    private RegressionReport() {}

    public static Map<String, Double> metrics(double[] truth, float[][] predictions) {
        int n = truth.length;
        if (n == 0) {
            throw new EvaluationException("the evaluation dataset has no rows");
        }
        double mean = 0;
        for (double t : truth) {
            mean += t / n;
        }
        double absolute = 0;
        double squared = 0;
        double total = 0;
        for (int r = 0; r < n; r++) {
            double error = predictions[r][0] - truth[r];
            absolute += Math.abs(error);
            squared += error * error;
            total += (truth[r] - mean) * (truth[r] - mean);
        }
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("mae", absolute / n);
        metrics.put("rmse", Math.sqrt(squared / n));
        metrics.put("r2", total == 0 ? 0 : 1 - squared / total);
        return metrics;
    }
}
