package dev.ferry.ml.drift;

import java.util.Arrays;

/** Checks and sorts samples for the statistics in this package. */
final class Samples {
    private Samples() {}

    static double[] sorted(double[] sample, String name) {
        if (sample.length == 0) {
            throw new DriftException(name + " sample is empty");
        }
        double[] copy = sample.clone();
        for (double v : copy) {
            if (Double.isNaN(v)) {
                throw new DriftException(
                        name + " sample contains NaN; drop or impute missing values first");
            }
        }
        Arrays.sort(copy);
        return copy;
    }

    /** Normalizes non-negative weights to sum to 1. */
    static double[] proportions(double[] weights, String name) {
        double total = 0;
        for (double w : weights) {
            if (!(w >= 0) || Double.isInfinite(w)) {
                throw new DriftException(
                        name + " histogram has a negative, infinite or NaN count: " + w);
            }
            total += w;
        }
        if (total == 0) {
            throw new DriftException(name + " histogram is empty");
        }
        double[] p = new double[weights.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = weights[i] / total;
        }
        return p;
    }

    static void sameLength(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new DriftException(
                    "histograms have "
                            + a.length
                            + " and "
                            + b.length
                            + " bins; they must share their bins");
        }
    }
}
