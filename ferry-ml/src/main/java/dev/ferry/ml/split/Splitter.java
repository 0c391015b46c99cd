package dev.ferry.ml.split;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.StringColumn;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Assigns rows to train, eval and test: at random with a seed (optionally within each class of a
 * column, so every part keeps the class proportions), or in the order of a column such as a
 * timestamp (earliest rows train, latest test). The same inputs and seed give the same partition on
 * every JVM ({@link SplittableRandom}'s sequence is specified).
 */
public final class Splitter {
    /** A random split of {@code rows} rows. */
    public Partition random(int rows, SplitPlan plan, long seed) {
        return shuffled(List.of(IntStream.range(0, rows).toArray()), plan, seed);
    }

    /** A random split within each value of {@code strata}, so every part keeps its proportions. */
    public Partition stratified(Column strata, SplitPlan plan, long seed) {
        return shuffled(groups(strata), plan, seed);
    }

    private static Partition shuffled(List<int[]> groups, SplitPlan plan, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> train = new ArrayList<>();
        List<Integer> eval = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] group : groups) {
            int[] shuffled = group.clone();
            for (int i = shuffled.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int swap = shuffled[i];
                shuffled[i] = shuffled[j];
                shuffled[j] = swap;
            }
            int evalCount = (int) Math.round(group.length * plan.eval());
            int testCount = (int) Math.round(group.length * plan.test());
            evalCount = Math.min(evalCount, group.length);
            testCount = Math.min(testCount, group.length - evalCount);
            for (int i = 0; i < shuffled.length; i++) {
                (i < evalCount ? eval : i < evalCount + testCount ? test : train).add(shuffled[i]);
            }
        }
        return new Partition(sorted(train), sorted(eval), sorted(test));
    }

    /** An ordered split: rows sorted by {@code key} (ties by row number), cut at the fractions. */
    public Partition ordered(Column key, SplitPlan plan) {
        int rows = key.rows();
        if (key.missingCount() > 0) {
            throw new DataException(
                    "column '"
                            + key.name()
                            + "' has "
                            + key.missingCount()
                            + " missing values; rows cannot be ordered by it");
        }
        Comparator<Integer> order =
                switch (key) {
                    case NumberColumn numbers -> Comparator.comparingDouble(numbers::get);
                    case StringColumn strings -> Comparator.comparing(r -> strings.values()[r]);
                    case CategoryColumn categories -> Comparator.comparingInt(categories::code);
                    default ->
                            throw new DataException(
                                    "column '"
                                            + key.name()
                                            + "' is "
                                            + key.spec().describeType()
                                            + "; order by a number, a category or text such as an"
                                            + " ISO timestamp");
                };
        Integer[] byKey =
                IntStream.range(0, rows)
                        .boxed()
                        .sorted(order.thenComparingInt(r -> r))
                        .toArray(Integer[]::new);
        int testCount = (int) Math.round(rows * plan.test());
        int evalCount = (int) Math.round(rows * plan.eval());
        int trainCount = rows - evalCount - testCount;
        List<Integer> all = Arrays.asList(byKey);
        return new Partition(
                sorted(all.subList(0, trainCount)),
                sorted(all.subList(trainCount, trainCount + evalCount)),
                sorted(all.subList(trainCount + evalCount, rows)));
    }

    private static List<int[]> groups(Column strata) {
        Map<String, List<Integer>> byValue = new LinkedHashMap<>();
        for (int r = 0; r < strata.rows(); r++) {
            String value =
                    switch (strata) {
                        case CategoryColumn c -> String.valueOf(c.code(r));
                        case StringColumn s -> s.isMissing(r) ? "\u0000missing" : s.values()[r];
                        case NumberColumn n ->
                                n.isMissing(r) ? "\u0000missing" : Double.toString(n.get(r));
                        default ->
                                throw new DataException(
                                        "cannot stratify by column '"
                                                + strata.name()
                                                + "': it is "
                                                + strata.spec().describeType()
                                                + "; stratify by a category");
                    };
            byValue.computeIfAbsent(value, k -> new ArrayList<>()).add(r);
        }
        return byValue.values().stream()
                .map(rows -> rows.stream().mapToInt(Integer::intValue).toArray())
                .toList();
    }

    private static int[] sorted(List<Integer> rows) {
        return rows.stream().mapToInt(Integer::intValue).sorted().toArray();
    }
}
