package dev.ferry.ml.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Reference values computed with SciPy 1.17.1 ({@code scipy.stats.ks_2samp}, {@code
 * cramervonmises_2samp(method="asymptotic")}, {@code wasserstein_distance}, {@code
 * chi2_contingency(correction=False)}, {@code scipy.spatial.distance.jensenshannon}) on the samples
 * below.
 */
class DriftStatisticsTest {
    static final double[] X = {
        0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82,
        0.37, 1.77, 1.09, -1.28, 2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47
    };
    static final double[] Y = {
        2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37,
        0.38, 0.7, 0.52, -0.55, 0.43, 1.63, 0.86, 1.09, -0.15, 0.92, 1.19, 0.85, 1.46, 0.04
    };
    static final double[] TIES_X = {1, 2, 2, 3, 3, 3, 4, 5, 5, 6};
    static final double[] TIES_Y = {2, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8};

    @Test
    void kolmogorovSmirnovMatchesScipyExact() {
        TestResult result = new KolmogorovSmirnov().twoSample(X, Y);
        assertThat(result.statistic()).isCloseTo(0.2866666666666667, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.17563258888452948, within(1e-6));
    }

    @Test
    void
            kolmogorovSmirnovWithTiesHasScipysStatisticAndAnExactPValueNoSmallerThanTheContinuousOne() {
        TestResult result = new KolmogorovSmirnov().twoSample(TIES_X, TIES_Y);
        assertThat(result.statistic()).isCloseTo(0.41818181818181815, within(1e-12));
        // SciPy treats tied data as continuous (p = 0.2586); with ties the exact p-value is larger
        assertThat(result.pValue()).isBetween(0.2586103267217818 - 1e-9, 1.0);
    }

    @Test
    void cramerVonMisesMatchesScipyAsymptotic() {
        TestResult result = new CramerVonMises().twoSample(X, Y);
        assertThat(result.statistic()).isCloseTo(0.3901515151515156, within(1e-12));
        assertThat(result.pValue()).isCloseTo(0.0771276885875869, within(1e-6));
        TestResult ties = new CramerVonMises().twoSample(TIES_X, TIES_Y);
        assertThat(ties.statistic()).isCloseTo(0.4527777777777775, within(1e-12));
        assertThat(ties.pValue()).isCloseTo(0.05271699730029089, within(1e-6));
    }

    @Test
    void cramerVonMisesOfOneSampleAgainstItselfIsNotSignificant() {
        assertThat(new CramerVonMises().twoSample(X, X).pValue()).isGreaterThan(0.99);
    }

    @Test
    void wassersteinMatchesScipy() {
        assertThat(new Wasserstein().distance(X, Y)).isCloseTo(0.6159333333333332, within(1e-12));
        assertThat(new Wasserstein().distance(TIES_X, TIES_Y))
                .isCloseTo(1.7818181818181817, within(1e-12));
        assertThat(new Wasserstein().distance(X, X)).isZero();
    }

    @Test
    void chiSquareMatchesScipyContingency() {
        TestResult result =
                new ChiSquare().homogeneity(new long[] {30, 50, 20, 0}, new long[] {25, 45, 40, 0});
        assertThat(result.statistic()).isCloseTo(6.9238799478033926, within(1e-10));
        assertThat(result.pValue()).isCloseTo(0.031368848205023704, within(1e-10));
    }

    @Test
    void jensenShannonMatchesScipyInBothBases() {
        double[] p = {0.1, 0.2, 0.3, 0.4};
        double[] q = {0.25, 0.25, 0.25, 0.25};
        assertThat(new JensenShannon().distance(p, q, Math.E))
                .isCloseTo(0.16692996572597962, within(1e-12));
        assertThat(new JensenShannon().distance(p, q))
                .isCloseTo(0.20050332253142814, within(1e-12));
        assertThat(
                        new JensenShannon()
                                .distance(new double[] {1, 2, 3, 4}, new double[] {5, 5, 5, 5}))
                .isCloseTo(0.20050332253142814, within(1e-12));
    }

    @Test
    void populationStabilityMatchesItsDefinition() {
        double[] expected = {0.1, 0.2, 0.3, 0.4};
        double[] actual = {0.15, 0.25, 0.25, 0.35};
        assertThat(new PopulationStability().index(expected, actual))
                .isCloseTo(0.04722308044204256, within(1e-12));
        assertThat(new PopulationStability().index(expected, expected)).isZero();
    }

    @Test
    void rejectsEmptyAndNaNSamplesWithAMessage() {
        assertThatThrownBy(() -> new Wasserstein().distance(new double[0], Y))
                .isInstanceOf(DriftException.class)
                .hasMessage("reference sample is empty");
        assertThatThrownBy(() -> new KolmogorovSmirnov().twoSample(X, new double[] {1, Double.NaN}))
                .hasMessage("current sample contains NaN; drop or impute missing values first");
        assertThatThrownBy(
                        () -> new JensenShannon().distance(new double[] {1, 2}, new double[] {1}))
                .hasMessage("histograms have 2 and 1 bins; they must share their bins");
    }
}
