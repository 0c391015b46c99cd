package dev.ferry.ml.drift;

/**
 * Two-sample Cramér–von Mises test (Anderson 1962) with the asymptotic p-value: the statistic is
 * normalized by its exact mean and variance under the null hypothesis and compared with the
 * limiting distribution of the one-sample statistic (Csörgő and Faraway 1996). Ties get average
 * ranks. Matches {@code scipy.stats.cramervonmises_2samp(x, y, method="asymptotic")}.
 */
public final class CramerVonMises {
    public TestResult twoSample(double[] reference, double[] current) {
        double[] x = Samples.sorted(reference, "reference");
        double[] y = Samples.sorted(current, "current");
        int nx = x.length;
        int ny = y.length;
        double[] ranksX = new double[nx];
        double[] ranksY = new double[ny];
        averageRanks(x, y, ranksX, ranksY);
        double u = 0;
        double sx = 0;
        for (int i = 0; i < nx; i++) {
            sx += (ranksX[i] - (i + 1)) * (ranksX[i] - (i + 1));
        }
        double sy = 0;
        for (int j = 0; j < ny; j++) {
            sy += (ranksY[j] - (j + 1)) * (ranksY[j] - (j + 1));
        }
        u = nx * sx + ny * sy;
        double k = (double) nx * ny;
        double n = nx + ny;
        double t = u / (k * n) - (4 * k - 1) / (6 * n);
        double mean = (1 + 1 / n) / 6;
        double variance =
                (n + 1)
                        * (4 * k * n - 3 * ((double) nx * nx + (double) ny * ny) - 2 * k)
                        / (45 * n * n * 4 * k);
        double normalized = 1.0 / 6 + (t - mean) / Math.sqrt(45 * variance);
        double p = normalized < 0.003 ? 1.0 : Math.max(0, 1 - limitingCdf(normalized));
        return new TestResult(t, p);
    }

    /** Average ranks of the pooled sorted samples. */
    private static void averageRanks(double[] x, double[] y, double[] ranksX, double[] ranksY) {
        int n = x.length + y.length;
        double[] values = new double[n];
        boolean[] fromX = new boolean[n];
        int[] position = new int[n];
        int i = 0;
        int j = 0;
        for (int p = 0; p < n; p++) {
            if (j >= y.length || (i < x.length && x[i] <= y[j])) {
                values[p] = x[i];
                fromX[p] = true;
                position[p] = i++;
            } else {
                values[p] = y[j];
                position[p] = j++;
            }
        }
        int start = 0;
        while (start < n) {
            int end = start;
            while (end + 1 < n && values[end + 1] == values[start]) {
                end++;
            }
            double rank = (start + end) / 2.0 + 1;
            for (int p = start; p <= end; p++) {
                (fromX[p] ? ranksX : ranksY)[position[p]] = rank;
            }
            start = end + 1;
        }
    }

    /**
     * CDF of the limiting one-sample Cramér–von Mises distribution, by its Bessel-function series.
     */
    static double limitingCdf(double x) {
        double total = 0;
        double gammaRatio = Math.sqrt(Math.PI); // Γ(k + 1/2) / Γ(k + 1) at k = 0
        for (int k = 0; k < 1000; k++) {
            double y = 4.0 * k + 1;
            double q = y * y / (16 * x);
            double term =
                    gammaRatio
                            / (Math.pow(Math.PI, 1.5) * Math.sqrt(x))
                            * Math.sqrt(y)
                            * Math.exp(-q)
                            * besselKQuarter(q);
            total += term;
            if (Math.abs(term) < 1e-7) {
                break;
            }
            gammaRatio *= (k + 0.5) / (k + 1);
        }
        return total;
    }

    /**
     * The modified Bessel function of the second kind of order 1/4, from its integral {@code ∫_0^∞
     * exp(-q cosh t) cosh(t/4) dt}; the trapezoid rule converges geometrically on this integrand.
     */
    static double besselKQuarter(double q) {
        double h = 0.02;
        double end = q > 745 ? h : acosh(745 / q) + 1;
        double sum = 0.5 * Math.exp(-q);
        for (double t = h; t <= end; t += h) {
            sum += Math.exp(-q * Math.cosh(t)) * Math.cosh(t / 4);
        }
        return sum * h;
    }

    private static double acosh(double v) {
        return Math.log(v + Math.sqrt(v * v - 1));
    }
}
