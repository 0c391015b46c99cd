package dev.ferry.ml.drift;

import org.apache.commons.statistics.inference.ChiSquareTest;
import org.apache.commons.statistics.inference.SignificanceResult;

/**
 * Chi-square test of homogeneity for category counts (Apache Commons Statistics): do two samples
 * share one distribution over the same categories? Categories absent from both are dropped.
 */
public final class ChiSquare {
    private final ChiSquareTest test = ChiSquareTest.withDefaults();

    public TestResult homogeneity(long[] reference, long[] current) {
        if (reference.length != current.length) {
            throw new DriftException(
                    "count vectors have "
                            + reference.length
                            + " and "
                            + current.length
                            + " categories; they must list the same categories");
        }
        int used = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                used++;
            }
        }
        if (used < 2) {
            return new TestResult(0, 1);
        }
        long[][] table = new long[2][used];
        int column = 0;
        for (int i = 0; i < reference.length; i++) {
            if (reference[i] + current[i] > 0) {
                table[0][column] = reference[i];
                table[1][column] = current[i];
                column++;
            }
        }
        SignificanceResult result = test.test(table);
        return new TestResult(result.getStatistic(), result.getPValue());
    }
}
