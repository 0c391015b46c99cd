package dev.ferry.ml.drift;

/**
 * The outcome of a two-sample test: its statistic and the probability of a statistic at least this
 * extreme if both samples came from one distribution.
 *
 * @param statistic the test statistic
 * @param pValue the p-value, in [0, 1]
 */
public record TestResult(double statistic, double pValue) {}
