package dev.ferry.ml.validate;

import java.util.Optional;

/**
 * What one column's values may be, beyond its type.
 *
 * @param name column name
 * @param min smallest allowed number (numbers and tensors)
 * @param max largest allowed number
 * @param maxMissingFraction the largest allowed fraction of missing values
 * @param allowNaN whether NaN values are allowed
 */
public record ColumnExpectation(
        String name,
        Optional<Double> min,
        Optional<Double> max,
        double maxMissingFraction,
        boolean allowNaN) {}
