package dev.ferry.ml.drift;

/**
 * First Wasserstein (earth mover's) distance between two one-dimensional samples: the area between
 * their empirical CDFs. Matches {@code scipy.stats.wasserstein_distance(u, v)}; in the units of the
 * data.
 */
public final class Wasserstein {
    public double distance(double[] reference, double[] current) {
        double[] u = Samples.sorted(reference, "reference");
        double[] v = Samples.sorted(current, "current");
        int i = 0;
        int j = 0;
        double previous = Math.min(u[0], v[0]);
        double distance = 0;
        while (i < u.length || j < v.length) {
            double next = j >= v.length || (i < u.length && u[i] <= v[j]) ? u[i] : v[j];
            distance += Math.abs((double) i / u.length - (double) j / v.length) * (next - previous);
            while (i < u.length && u[i] == next) {
                i++;
            }
            while (j < v.length && v[j] == next) {
                j++;
            }
            previous = next;
        }
        return distance;
    }
}
