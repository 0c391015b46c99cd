package dev.ferry.ml.validate;

import java.util.Locale;

/** The kinds of anomaly validation reports. */
public enum AnomalyKind {
    MISSING_COLUMN,
    NEW_COLUMN,
    TYPE_CHANGE,
    OUT_OF_RANGE,
    UNEXPECTED_CATEGORY,
    NAN,
    MISSING_VALUES,
    ROW_COUNT_CHANGE,
    DISTRIBUTION_DISTANCE;

    /** The name used in reports, e.g. {@code out-of-range}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
