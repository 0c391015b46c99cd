package dev.ferry.ml.drift;

/**
 * Population stability index between a reference and a current histogram over the same bins: {@code
 * Σ (c − r) · ln(c / r)} over bin proportions. Empty bins count as {@value #EMPTY_BIN} so the index
 * stays finite. Rule of thumb: below 0.1 stable, 0.1–0.25 moderate shift, above 0.25 major.
 */
public final class PopulationStability {
    /** The proportion an empty bin is given. */
    public static final double EMPTY_BIN = 1e-4;

    public double index(double[] reference, double[] current) {
        Samples.sameLength(reference, current);
        double[] r = Samples.proportions(reference, "reference");
        double[] c = Samples.proportions(current, "current");
        double psi = 0;
        for (int i = 0; i < r.length; i++) {
            double expected = Math.max(r[i], EMPTY_BIN);
            double actual = Math.max(c[i], EMPTY_BIN);
            psi += (actual - expected) * Math.log(actual / expected);
        }
        return psi;
    }
}
