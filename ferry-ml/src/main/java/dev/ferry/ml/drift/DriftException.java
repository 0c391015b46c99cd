package dev.ferry.ml.drift;

import dev.ferry.ml.data.DataException;

/** Samples a drift statistic cannot be computed on (empty, NaN, mismatched histograms). */
public class DriftException extends DataException {
    public DriftException(String message) {
        super(message);
    }
}
