package dev.ferry.ml.profile;

import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.ColumnType;
import dev.ferry.ml.data.DataException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * What is known about one column: counts of rows, missing values and NaNs, range and sum of the
 * numbers with a KLL quantile sketch (numbers and tensors; a tensor's values are pooled), and a
 * frequent-items sketch (categories and text). Mergeable: profiles of two parts of a dataset merge
 * into the profile of the whole, up to the sketches' error.
 */
public final class ColumnProfile {
    static final int KLL_K = 200;
    static final int FREQUENT_MAP_SIZE = 1024;

    private final ColumnSpec spec;
    private long count;
    private long missing;
    private long nan;
    private long values;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double sum;
    private final KllDoublesSketch quantiles;
    private final FrequentItemsSketch<String> frequent;

    ColumnProfile(
            ColumnSpec spec, KllDoublesSketch quantiles, FrequentItemsSketch<String> frequent) {
        this.spec = spec;
        this.quantiles = quantiles;
        this.frequent = frequent;
    }

    /** An empty profile for a column of this spec. */
    public static ColumnProfile empty(ColumnSpec spec) {
        boolean numeric = spec.type() == ColumnType.NUMBER || spec.type() == ColumnType.TENSOR;
        return new ColumnProfile(
                spec,
                numeric ? KllDoublesSketch.newHeapInstance(KLL_K) : null,
                numeric ? null : new FrequentItemsSketch<>(FREQUENT_MAP_SIZE));
    }

    void addMissing() {
        count++;
        missing++;
    }

    void addPresent() {
        count++;
    }

    void addNumber(double value) {
        values++;
        if (Double.isNaN(value)) {
            nan++;
            return;
        }
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        quantiles.update(value);
    }

    void addItem(String item) {
        values++;
        frequent.update(item);
    }

    void restoreCounts(
            long count, long missing, long nan, long values, double min, double max, double sum) {
        this.count = count;
        this.missing = missing;
        this.nan = nan;
        this.values = values;
        this.min = min;
        this.max = max;
        this.sum = sum;
    }

    /** Adds {@code other}'s data to this profile. */
    public void merge(ColumnProfile other) {
        if (!other.spec.equals(spec)) {
            throw new DataException(
                    "cannot merge profiles of column '"
                            + spec.name()
                            + "': one is "
                            + spec.describeType()
                            + ", the other "
                            + other.spec.describeType());
        }
        count += other.count;
        missing += other.missing;
        nan += other.nan;
        values += other.values;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        sum += other.sum;
        if (quantiles != null) {
            quantiles.merge(other.quantiles);
        } else {
            frequent.merge(other.frequent);
        }
    }

    public ColumnSpec spec() {
        return spec;
    }

    /** Rows seen. */
    public long count() {
        return count;
    }

    /** Rows whose value is missing. */
    public long missing() {
        return missing;
    }

    public double missingFraction() {
        return count == 0 ? 0 : (double) missing / count;
    }

    /** NaN values seen (numbers and tensor elements). */
    public long nan() {
        return nan;
    }

    /** Values seen: rows present for scalar columns, every element for tensors. */
    public long values() {
        return values;
    }

    /** Smallest non-NaN number, if any. */
    public Optional<Double> min() {
        return hasNumbers() ? Optional.of(min) : Optional.empty();
    }

    public Optional<Double> max() {
        return hasNumbers() ? Optional.of(max) : Optional.empty();
    }

    public Optional<Double> mean() {
        return hasNumbers() ? Optional.of(sum / (values - nan)) : Optional.empty();
    }

    double sum() {
        return sum;
    }

    private boolean hasNumbers() {
        return quantiles != null && values - nan > 0;
    }

    /** The KLL quantile sketch of a number or tensor column. */
    public Optional<KllDoublesSketch> quantiles() {
        return Optional.ofNullable(quantiles);
    }

    /** The frequent-items sketch of a category or text column. */
    public Optional<FrequentItemsSketch<String>> frequent() {
        return Optional.ofNullable(frequent);
    }

    /** Estimated quantile at rank {@code rank} in [0, 1]. */
    public Optional<Double> quantile(double rank) {
        return quantiles == null || quantiles.isEmpty()
                ? Optional.empty()
                : Optional.of(quantiles.getQuantile(rank, QuantileSearchCriteria.INCLUSIVE));
    }

    /** The most frequent items with their estimated counts, most frequent first. */
    public Map<String, Long> topItems(int limit) {
        Map<String, Long> top = new LinkedHashMap<>();
        if (frequent != null && !frequent.isEmpty()) {
            for (FrequentItemsSketch.Row<String> row :
                    frequent.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES)) {
                if (top.size() == limit) {
                    break;
                }
                top.put(row.getItem(), row.getEstimate());
            }
        }
        return top;
    }

    /** Estimated count of one item (categories and text). */
    public long itemCount(String item) {
        return frequent == null ? 0 : frequent.getEstimate(item);
    }
}
