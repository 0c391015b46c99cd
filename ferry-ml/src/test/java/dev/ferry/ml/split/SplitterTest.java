package dev.ferry.ml.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.NumberColumn;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class SplitterTest {
    private final Splitter splitter = new Splitter();

    static LongStream seeds() {
        return LongStream.range(0, 60);
    }

    /** A random category column of 20..500 rows over 2..6 classes, generated from the seed. */
    private static CategoryColumn classes(long seed) {
        Random random = new Random(seed * 31 + 7);
        int rows = 20 + random.nextInt(480);
        int classes = 2 + random.nextInt(5);
        int[] codes = IntStream.range(0, rows).map(r -> random.nextInt(classes)).toArray();
        return new CategoryColumn(
                "y", IntStream.range(0, classes).mapToObj(Integer::toString).toList(), codes);
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void theSameSeedGivesTheSamePartitionAndEveryRowLandsInExactlyOnePart(long seed) {
        CategoryColumn y = classes(seed);
        SplitPlan plan = new SplitPlan(0.2, 0.1);
        Partition first = splitter.stratified(y, plan, seed);
        Partition second = splitter.stratified(y, plan, seed);
        assertThat(first.train()).containsExactly(second.train());
        assertThat(first.eval()).containsExactly(second.eval());
        assertThat(first.test()).containsExactly(second.test());

        int[] all =
                IntStream.concat(
                                IntStream.concat(
                                        Arrays.stream(first.train()), Arrays.stream(first.eval())),
                                Arrays.stream(first.test()))
                        .sorted()
                        .toArray();
        assertThat(all).containsExactly(IntStream.range(0, y.rows()).toArray());
    }

    @ParameterizedTest
    @MethodSource("seeds")
    void everyPartKeepsEachClassWithinOneRowOfItsShare(long seed) {
        CategoryColumn y = classes(seed);
        SplitPlan plan = new SplitPlan(0.25, 0.0);
        Partition partition = splitter.stratified(y, plan, seed);
        for (int c = 0; c < y.categories().size(); c++) {
            int code = c;
            long inClass = Arrays.stream(y.codes()).filter(v -> v == code).count();
            long inEval = Arrays.stream(partition.eval()).filter(r -> y.code(r) == code).count();
            assertThat((double) inEval)
                    .isCloseTo(inClass * 0.25, org.assertj.core.data.Offset.offset(1.0));
        }
    }

    @Test
    void differentSeedsGiveDifferentPartitions() {
        Partition a = splitter.random(1000, new SplitPlan(0.2, 0), 1);
        Partition b = splitter.random(1000, new SplitPlan(0.2, 0), 2);
        assertThat(a.eval()).hasSize(200).isNotEqualTo(b.eval());
    }

    @Test
    void aKnownSeedKeepsItsPartitionAcrossReleases() {
        // pins the algorithm: a change here changes every cached split, so bump SplitStep.version()
        Partition partition = splitter.random(10, new SplitPlan(0.3, 0), 42);
        assertThat(partition.eval()).containsExactly(expectedEvalForSeed42());
    }

    private static int[] expectedEvalForSeed42() {
        return new int[] {3, 4, 7};
    }

    @Test
    void orderedSplitPutsTheEarliestRowsInTrainAndTheLatestInTest() {
        NumberColumn time = new NumberColumn("t", new double[] {5, 1, 9, 3, 7, 2, 8, 4, 6, 0});
        Partition partition = splitter.ordered(time, new SplitPlan(0.2, 0.2));
        assertThat(Arrays.stream(partition.train()).mapToDouble(time::get).sorted().toArray())
                .containsExactly(0, 1, 2, 3, 4, 5);
        assertThat(Arrays.stream(partition.eval()).mapToDouble(time::get).sorted().toArray())
                .containsExactly(6, 7);
        assertThat(Arrays.stream(partition.test()).mapToDouble(time::get).sorted().toArray())
                .containsExactly(8, 9);
    }

    @Test
    void rejectsFractionsThatLeaveNothingToTrainOn() {
        assertThatThrownBy(() -> new SplitPlan(0.6, 0.4))
                .isInstanceOf(DataException.class)
                .hasMessageContaining("leave no rows to train on");
        assertThatThrownBy(() -> new SplitPlan(-0.1, 0)).hasMessageContaining("must be in [0, 1)");
    }

    @Test
    void rejectsOrderingByAColumnWithMissingValues() {
        java.util.BitSet missing = new java.util.BitSet();
        missing.set(1);
        NumberColumn time = new NumberColumn("t", new double[] {1, 0, 2}, missing);
        assertThatThrownBy(() -> splitter.ordered(time, new SplitPlan(0.3, 0)))
                .hasMessage("column 't' has 1 missing values; rows cannot be ordered by it");
    }
}
