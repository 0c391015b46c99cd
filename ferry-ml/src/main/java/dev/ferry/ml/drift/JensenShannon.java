package dev.ferry.ml.drift;

/**
 * Jensen–Shannon distance between two histograms over the same bins: the square root of the
 * Jensen–Shannon divergence, in [0, 1] with base 2. Matches {@code
 * scipy.spatial.distance.jensenshannon(p, q, base)}; counts are normalized first.
 */
public final class JensenShannon {
    public double distance(double[] reference, double[] current, double base) {
        Samples.sameLength(reference, current);
        double[] p = Samples.proportions(reference, "reference");
        double[] q = Samples.proportions(current, "current");
        double divergence = 0;
        for (int i = 0; i < p.length; i++) {
            double m = (p[i] + q[i]) / 2;
            divergence += relativeEntropy(p[i], m) + relativeEntropy(q[i], m);
        }
        divergence /= 2 * Math.log(base);
        return Math.sqrt(Math.max(0, divergence));
    }

    /** Base-2 distance, in [0, 1]. */
    public double distance(double[] reference, double[] current) {
        return distance(reference, current, 2);
    }

    private static double relativeEntropy(double x, double y) {
        return x == 0 ? 0 : x * Math.log(x / y);
    }
}
