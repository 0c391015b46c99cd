package dev.ferry.bench.serving;

import java.util.Arrays;
import java.util.List;

/**
 * One load run: throughput and latency percentiles, how many requests failed, and the server's CPU
 * time per request (NaN when not measured). CPU per request moves much less than throughput when
 * other work shares the cores, so it is the steadier way to compare two servers.
 */
record Measurement(
        double requestsPerSecond,
        double p50Millis,
        double p99Millis,
        long failures,
        double serverCpuMicrosPerRequest) {

    Measurement(double requestsPerSecond, double p50Millis, double p99Millis, long failures) {
        this(requestsPerSecond, p50Millis, p99Millis, failures, Double.NaN);
    }

    /** This run with the server's CPU time over it, spread over the requests of {@code seconds}. */
    Measurement withServerCpu(long cpuMicros, int seconds) {
        return new Measurement(
                requestsPerSecond,
                p50Millis,
                p99Millis,
                failures,
                cpuMicros / (requestsPerSecond * seconds));
    }

    /** The element-wise median of repeated runs (failures summed, so none hide). */
    static Measurement median(List<Measurement> runs) {
        return new Measurement(
                median(runs.stream().mapToDouble(Measurement::requestsPerSecond).toArray()),
                median(runs.stream().mapToDouble(Measurement::p50Millis).toArray()),
                median(runs.stream().mapToDouble(Measurement::p99Millis).toArray()),
                runs.stream().mapToLong(Measurement::failures).sum(),
                median(
                        runs.stream()
                                .mapToDouble(Measurement::serverCpuMicrosPerRequest)
                                .toArray()));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
