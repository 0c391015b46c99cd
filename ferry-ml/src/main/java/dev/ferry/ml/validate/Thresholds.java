package dev.ferry.ml.validate;

/**
 * Limits on changes between the reference and new data.
 *
 * @param maxDistance the largest allowed Jensen–Shannon distance (base 2, in [0, 1]) between a
 *     column's reference and current distributions
 * @param maxRowChange the largest allowed relative change of the row count, e.g. 0.5 for ±50%
 */
public record Thresholds(double maxDistance, double maxRowChange) {
    public static final Thresholds DEFAULTS = new Thresholds(0.1, 0.5);
}
