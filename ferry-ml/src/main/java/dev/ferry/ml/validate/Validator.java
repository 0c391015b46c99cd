package dev.ferry.ml.validate;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.ColumnType;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.StringColumn;
import dev.ferry.ml.data.TensorColumn;
import dev.ferry.ml.profile.ColumnProfile;
import dev.ferry.ml.profile.DatasetProfile;
import dev.ferry.ml.profile.Profiler;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Checks a dataset against {@link Expectations} and reports every anomaly, not just the first. */
public final class Validator {
    private final Distances distances = new Distances();

    public ValidationReport validate(
            Dataset dataset, Expectations expectations, Thresholds thresholds) {
        List<Anomaly> anomalies = new ArrayList<>();
        Map<String, Map<String, Double>> measured = new LinkedHashMap<>();
        DatasetProfile current = new Profiler().profile(dataset);
        DatasetProfile reference = expectations.reference();

        for (ColumnSpec expected : reference.schema().columns()) {
            if (dataset.column(expected.name()).isEmpty()) {
                anomalies.add(
                        new Anomaly(
                                AnomalyKind.MISSING_COLUMN,
                                expected.name(),
                                "a column of type " + expected.describeType(),
                                "no such column"));
            }
        }
        for (Column column : dataset.columns()) {
            var expectedSpec = reference.schema().column(column.name());
            if (expectedSpec.isEmpty()) {
                anomalies.add(
                        new Anomaly(
                                AnomalyKind.NEW_COLUMN,
                                column.name(),
                                "only the columns " + reference.schema().names(),
                                "a new column of type " + column.spec().describeType()));
                continue;
            }
            ColumnSpec expected = expectedSpec.get();
            if (expected.type() != column.spec().type()
                    || expected.width() != column.spec().width()) {
                anomalies.add(
                        new Anomaly(
                                AnomalyKind.TYPE_CHANGE,
                                column.name(),
                                expected.type() == ColumnType.CATEGORY
                                        ? "category"
                                        : expected.describeType(),
                                column.spec().type() == ColumnType.CATEGORY
                                        ? "category"
                                        : column.spec().describeType()));
                continue;
            }
            ColumnExpectation limits = expectations.column(column.name()).orElseThrow();
            ColumnProfile now = current.column(column.name()).orElseThrow();
            checkValues(column, expected, limits, now, anomalies);
            distances
                    .between(reference.column(column.name()).orElseThrow(), now)
                    .ifPresent(
                            d -> {
                                measured.put(
                                        column.name(),
                                        Map.of("jensenShannon", d.jensenShannon(), "psi", d.psi()));
                                if (d.jensenShannon() > thresholds.maxDistance()) {
                                    anomalies.add(
                                            new Anomaly(
                                                    AnomalyKind.DISTRIBUTION_DISTANCE,
                                                    column.name(),
                                                    String.format(
                                                            "Jensen-Shannon distance to the"
                                                                    + " reference at most %.3f",
                                                            thresholds.maxDistance()),
                                                    String.format(
                                                            "%.3f (PSI %.3f)",
                                                            d.jensenShannon(), d.psi())));
                                }
                            });
        }
        long expectedRows = reference.rows();
        if (expectedRows > 0
                && Math.abs(dataset.rows() - expectedRows)
                        > thresholds.maxRowChange() * expectedRows) {
            anomalies.add(
                    new Anomaly(
                            AnomalyKind.ROW_COUNT_CHANGE,
                            "",
                            String.format(
                                    "%d rows ± %.0f%%",
                                    expectedRows, thresholds.maxRowChange() * 100),
                            dataset.rows() + " rows"));
        }
        return new ValidationReport(dataset.rows(), anomalies, measured);
    }

    private static void checkValues(
            Column column,
            ColumnSpec expected,
            ColumnExpectation limits,
            ColumnProfile now,
            List<Anomaly> anomalies) {
        if (now.missingFraction() > limits.maxMissingFraction() + 1e-12) {
            anomalies.add(
                    new Anomaly(
                            AnomalyKind.MISSING_VALUES,
                            column.name(),
                            String.format(
                                    "at most %.2f%% missing", limits.maxMissingFraction() * 100),
                            String.format(
                                    "%.2f%% (%d of %d rows)",
                                    now.missingFraction() * 100, now.missing(), now.count())));
        }
        if (!limits.allowNaN() && now.nan() > 0) {
            anomalies.add(
                    new Anomaly(
                            AnomalyKind.NAN,
                            column.name(),
                            "no NaN values",
                            now.nan() + " NaN values"));
        }
        if (column instanceof NumberColumn || column instanceof TensorColumn) {
            outOfRange(column, limits, now, anomalies);
        }
        if (column instanceof CategoryColumn || column instanceof StringColumn) {
            if (expected.type() == ColumnType.CATEGORY) {
                unexpected(column, expected, anomalies);
            }
        }
    }

    private static void outOfRange(
            Column column, ColumnExpectation limits, ColumnProfile now, List<Anomaly> anomalies) {
        double low = limits.min().orElse(Double.NEGATIVE_INFINITY);
        double high = limits.max().orElse(Double.POSITIVE_INFINITY);
        if (now.min().isEmpty() || (now.min().get() >= low && now.max().get() <= high)) {
            return;
        }
        long outside = 0;
        if (column instanceof NumberColumn numbers) {
            for (int r = 0; r < numbers.rows(); r++) {
                double v = numbers.get(r);
                outside += !numbers.isMissing(r) && (v < low || v > high) ? 1 : 0;
            }
        } else if (column instanceof TensorColumn tensor) {
            for (float v : tensor.values()) {
                outside += v < low || v > high ? 1 : 0;
            }
        }
        anomalies.add(
                new Anomaly(
                        AnomalyKind.OUT_OF_RANGE,
                        column.name(),
                        "values in [" + fmt(low) + ", " + fmt(high) + "]",
                        "min "
                                + fmt(now.min().get())
                                + ", max "
                                + fmt(now.max().get())
                                + " ("
                                + outside
                                + " values outside)"));
    }

    private static void unexpected(Column column, ColumnSpec expected, List<Anomaly> anomalies) {
        Set<String> allowed = new HashSet<>(expected.categories());
        Map<String, Integer> seen = new TreeMap<>();
        for (int r = 0; r < column.rows(); r++) {
            if (column.isMissing(r)) {
                continue;
            }
            String value =
                    column instanceof CategoryColumn c
                            ? c.get(r)
                            : ((StringColumn) column).values()[r];
            if (!allowed.contains(value)) {
                seen.merge(value, 1, Integer::sum);
            }
        }
        if (!seen.isEmpty()) {
            anomalies.add(
                    new Anomaly(
                            AnomalyKind.UNEXPECTED_CATEGORY,
                            column.name(),
                            "one of " + expected.categories(),
                            "values "
                                    + seen.keySet()
                                    + " in "
                                    + seen.values().stream().mapToInt(Integer::intValue).sum()
                                    + " rows"));
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15
                ? Long.toString((long) v)
                : Double.toString(v);
    }
}
