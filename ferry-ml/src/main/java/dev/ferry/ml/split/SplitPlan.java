package dev.ferry.ml.split;

import dev.ferry.ml.data.DataException;

/**
 * The fractions of rows for each part of a split.
 *
 * @param eval fraction for evaluation, in [0, 1)
 * @param test fraction for the test part, in [0, 1); 0 means no test part
 */
public record SplitPlan(double eval, double test) {
    public SplitPlan {
        if (!(eval >= 0 && eval < 1) || !(test >= 0 && test < 1)) {
            throw new DataException(
                    "split fractions must be in [0, 1): eval " + eval + ", test " + test);
        }
        if (eval + test >= 1) {
            throw new DataException(
                    "eval "
                            + eval
                            + " + test "
                            + test
                            + " leave no rows to train on; their sum must be below 1");
        }
    }

    public double train() {
        return 1 - eval - test;
    }

    public boolean hasTest() {
        return test > 0;
    }
}
