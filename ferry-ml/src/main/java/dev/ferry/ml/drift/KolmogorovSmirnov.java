package dev.ferry.ml.drift;

import org.apache.commons.statistics.inference.KolmogorovSmirnovTest;

/**
 * Two-sample Kolmogorov–Smirnov test, delegated to Apache Commons Statistics, which computes exact
 * p-values for small samples and handles ties (unlike commons-math3).
 */
public final class KolmogorovSmirnov {
    private final KolmogorovSmirnovTest test = KolmogorovSmirnovTest.withDefaults();

    public TestResult twoSample(double[] reference, double[] current) {
        Samples.sorted(reference, "reference");
        Samples.sorted(current, "current");
        KolmogorovSmirnovTest.TwoResult result = test.test(reference, current);
        return new TestResult(result.getStatistic(), result.getPValue());
    }
}
