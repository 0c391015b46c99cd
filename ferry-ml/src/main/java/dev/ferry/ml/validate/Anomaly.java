package dev.ferry.ml.validate;

/**
 * One way the data differs from what was expected.
 *
 * @param kind what kind of difference
 * @param column the column concerned, or empty for the dataset as a whole
 * @param expected what the expectations say
 * @param observed what the data shows
 */
public record Anomaly(AnomalyKind kind, String column, String expected, String observed) {
    /** One line a person reads: where, what kind, expected, observed. */
    public String describe() {
        String where = column.isEmpty() ? "dataset" : "column '" + column + "'";
        return where + " [" + kind.label() + "]: expected " + expected + "; observed " + observed;
    }
}
