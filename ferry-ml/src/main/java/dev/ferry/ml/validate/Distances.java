package dev.ferry.ml.validate;

import dev.ferry.ml.drift.JensenShannon;
import dev.ferry.ml.drift.PopulationStability;
import dev.ferry.ml.profile.ColumnProfile;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.quantilescommon.QuantileSearchCriteria;

/**
 * Distribution distances between two profiles of one column: numbers are binned at the reference's
 * deciles (both sketches give each bin's mass), categories and text compare their item counts.
 */
final class Distances {
    /** Jensen–Shannon distance and population stability index of one column. */
    record Distance(double jensenShannon, double psi) {}

    private final JensenShannon jensenShannon = new JensenShannon();
    private final PopulationStability stability = new PopulationStability();

    Optional<Distance> between(ColumnProfile reference, ColumnProfile current) {
        double[][] histograms =
                reference.quantiles().isPresent()
                        ? numeric(reference, current)
                        : items(reference, current);
        if (histograms == null) {
            return Optional.empty();
        }
        return Optional.of(
                new Distance(
                        jensenShannon.distance(histograms[0], histograms[1]),
                        stability.index(histograms[0], histograms[1])));
    }

    private static double[][] numeric(ColumnProfile reference, ColumnProfile current) {
        KllDoublesSketch ref = reference.quantiles().orElseThrow();
        KllDoublesSketch cur = current.quantiles().orElseThrow();
        if (ref.isEmpty() || cur.isEmpty()) {
            return null;
        }
        double[] ranks = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9};
        double[] splits =
                Arrays.stream(ref.getQuantiles(ranks, QuantileSearchCriteria.INCLUSIVE))
                        .distinct()
                        .sorted()
                        .toArray();
        if (splits.length == 0) {
            return null;
        }
        return new double[][] {
            ref.getPMF(splits, QuantileSearchCriteria.INCLUSIVE),
            cur.getPMF(splits, QuantileSearchCriteria.INCLUSIVE)
        };
    }

    private static double[][] items(ColumnProfile reference, ColumnProfile current) {
        Set<String> items = new LinkedHashSet<>(reference.topItems(Integer.MAX_VALUE).keySet());
        items.addAll(current.topItems(Integer.MAX_VALUE).keySet());
        if (items.isEmpty()) {
            return null;
        }
        double[] ref = items.stream().mapToDouble(reference::itemCount).toArray();
        double[] cur = items.stream().mapToDouble(current::itemCount).toArray();
        if (Arrays.stream(ref).sum() == 0 || Arrays.stream(cur).sum() == 0) {
            return null;
        }
        return new double[][] {ref, cur};
    }
}
