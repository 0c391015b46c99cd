package dev.ferry.bench.serving;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/** Collects the suite's numbers and prints them with the ratios the targets are judged by. */
final class Report {
    static final String BARE = "bare Helidon + Jackson";
    static final String BARE_GRPC = "bare grpc-java";
    static final String REST_JSON = "Ferry REST JSON";
    static final String REST_BINARY = "Ferry REST binary";
    static final String GRPC = "Ferry gRPC (raw contents)";
    static final String RSS_TARGET = "after the simple and MLP load";

    private final int seconds;
    private final int repeats;
    private final Map<String, Double> baselines = new LinkedHashMap<>();
    private final Map<Workload, Map<String, Map<Integer, Measurement>>> rows =
            new LinkedHashMap<>();
    private final Map<String, BatchingCase> batching = new LinkedHashMap<>();
    private final Map<String, Long> rss = new LinkedHashMap<>();

    Report(int seconds, int repeats) {
        this.seconds = seconds;
        this.repeats = repeats;
    }

    void baseline(String name, double value) {
        baselines.put(name, value);
    }

    void row(Workload workload, String endpoint, Map<Integer, Measurement> byConnections) {
        rows.computeIfAbsent(workload, w -> new LinkedHashMap<>()).put(endpoint, byConnections);
    }

    /** The MLP's rows per second in raw ONNX Runtime, called with 1 and with 32 rows. */
    void rawBatching(String mlp, double batch1RowsPerSecond, double batch32RowsPerSecond) {
        BatchingCase c = batching.computeIfAbsent(mlp, k -> new BatchingCase());
        c.raw1 = batch1RowsPerSecond;
        c.raw32 = batch32RowsPerSecond;
    }

    /** The server's throughput for the MLP, with dynamic batching or without. */
    void batching(String mlp, boolean batched, Measurement m) {
        BatchingCase c = batching.computeIfAbsent(mlp, k -> new BatchingCase());
        if (batched) {
            c.batched = m;
        } else {
            c.unbatched = m;
        }
    }

    /** One MLP's batching comparison, filled in as the suite measures it. */
    private static final class BatchingCase {
        double raw1;
        double raw32;
        Measurement batched;
        Measurement unbatched;
    }

    void rss(String when, long bytes) {
        rss.put(when, bytes);
    }

    void print(PrintStream out) {
        out.printf(
                "%nFerry serving benchmark: loopback, %d cores shared by server and load"
                        + " generators (REST: wrk, gRPC: h2load; closed loop, one request in"
                        + " flight per connection); medians of %d runs of %d s%n%n",
                Runtime.getRuntime().availableProcessors(), repeats, seconds);
        baselines.forEach((k, v) -> out.printf("  %-52s %,12.0f%n", k, v));
        batching.forEach(
                (mlp, c) -> {
                    out.printf(
                            "  %-52s %,12.0f%n",
                            "raw ONNX Runtime, " + mlp + ", batch 1 (rows/s)", c.raw1);
                    out.printf(
                            "  %-52s %,12.0f%n",
                            "raw ONNX Runtime, " + mlp + ", batch 32 (rows/s)", c.raw32);
                });
        rows.forEach((workload, endpoints) -> printTable(out, workload, endpoints));
        out.println();
        batching.forEach(
                (mlp, c) -> {
                    printBatching(out, mlp + ", batched", c.batched);
                    printBatching(out, mlp + ", unbatched", c.unbatched);
                });
        out.println();
        rss.forEach((k, v) -> out.printf("  server RSS %-48s %6d MB%n", k, v >> 20));
        out.printf("  (simple, mlp and digits loaded; the JVM's heap is capped at 256 MB)%n");

        out.printf("%nRatios at 64 connections (target in brackets)%n");
        rows.forEach((workload, endpoints) -> printRatios(out, workload, endpoints));
        out.printf("%n  %s%n", "both");
        batching.forEach(
                (mlp, c) -> {
                    out.printf(
                            "    %-41s %6.2f  [>= 3.00]%n",
                            mlp + ", batched / unbatched",
                            c.batched.requestsPerSecond() / c.unbatched.requestsPerSecond());
                    out.printf(
                            "    %-41s %6.2f  (the model's own gain)%n",
                            "  raw ONNX Runtime, batch 32 / batch 1", c.raw32 / c.raw1);
                    // Against a server that would cost nothing over the model: the strictest.
                    out.printf(
                            "    %-41s %6.2f%n",
                            "  batched / raw ONNX Runtime, batch 1",
                            c.batched.requestsPerSecond() / c.raw1);
                    // A batched server that cost nothing over its batch calls would serve about the
                    // raw batch-32 rate: roughly the most batched / unbatched can read.
                    out.printf(
                            "    %-41s %6.2f  (the most batched / unbatched can read)%n",
                            "  raw ONNX Runtime, batch 32 / unbatched",
                            c.raw32 / c.unbatched.requestsPerSecond());
                });
        out.printf(
                "    REST JSON (simple) / raw ONNX Runtime     %6.2f%n",
                rows.values().iterator().next().get(REST_JSON).get(64).requestsPerSecond()
                        / baselines.values().iterator().next());
        out.printf(
                "    RSS after the simple and MLP load         %6d MB [< 300 MB]%n",
                rss.get(RSS_TARGET) >> 20);
    }

    private static void printBatching(PrintStream out, String name, Measurement m) {
        out.printf(
                "  %-44s %5d %,12.0f %9.2f %9.2f %8d%n",
                name + " (REST bin)",
                64,
                m.requestsPerSecond(),
                m.p50Millis(),
                m.p99Millis(),
                m.failures());
    }

    private static void printTable(
            PrintStream out, Workload workload, Map<String, Map<Integer, Measurement>> endpoints) {
        out.printf("%n  %s: %s%n", workload.model(), workload.description());
        out.printf(
                "  %-28s %5s %12s %9s %9s %8s %9s %11s%n",
                "endpoint",
                "conns",
                "req/s",
                "p50 ms",
                "p99 ms",
                "errors",
                "vs bare",
                "cpu us/req");
        endpoints.forEach(
                (name, byConn) -> {
                    // Each protocol against the bare endpoint of its own stack.
                    Map<Integer, Measurement> bare =
                            endpoints.get(name.equals(GRPC) ? BARE_GRPC : BARE);
                    byConn.forEach(
                            (c, m) ->
                                    out.printf(
                                            "  %-28s %5d %,12.0f %9.2f %9.2f %8d %8.2fx"
                                                    + " %11.1f%n",
                                            name,
                                            c,
                                            m.requestsPerSecond(),
                                            m.p50Millis(),
                                            m.p99Millis(),
                                            m.failures(),
                                            m.requestsPerSecond() / bare.get(c).requestsPerSecond(),
                                            m.serverCpuMicrosPerRequest()));
                });
    }

    private static void printRatios(
            PrintStream out, Workload workload, Map<String, Map<Integer, Measurement>> endpoints) {
        Measurement bare = endpoints.get(BARE).get(64);
        Measurement json = endpoints.get(REST_JSON).get(64);
        Measurement binary = endpoints.get(REST_BINARY).get(64);
        Measurement grpc = endpoints.get(GRPC).get(64);
        Measurement bareGrpc = endpoints.get(BARE_GRPC).get(64);
        out.printf("%n  %s%n", workload.model());
        out.printf(
                "    REST JSON throughput / bare endpoint      %6.2f  [>= 0.50]%n",
                json.requestsPerSecond() / bare.requestsPerSecond());
        out.printf(
                "    REST JSON p99 / bare endpoint p99         %6.2f  [<= 1.50]%n",
                json.p99Millis() / bare.p99Millis());
        out.printf(
                "    gRPC throughput / REST JSON               %6.2f  [>= 2.00]%n",
                grpc.requestsPerSecond() / json.requestsPerSecond());
        // What the gRPC target can read at most: a gRPC path that cost Ferry nothing over the bare
        // stack would serve at the bare endpoint's rate.
        out.printf(
                "    bare gRPC endpoint / REST JSON            %6.2f  (the most gRPC / REST JSON"
                        + " can read)%n",
                bareGrpc.requestsPerSecond() / json.requestsPerSecond());
        out.printf(
                "    gRPC throughput / bare gRPC endpoint      %6.2f%n",
                grpc.requestsPerSecond() / bareGrpc.requestsPerSecond());
        out.printf(
                "    REST binary throughput / REST JSON        %6.2f%n",
                binary.requestsPerSecond() / json.requestsPerSecond());
        out.printf(
                "    server CPU per request, bare / REST JSON  %6.2f  (1.00: no cost over the"
                        + " bare stack)%n",
                bare.serverCpuMicrosPerRequest() / json.serverCpuMicrosPerRequest());
        out.printf(
                "    server CPU per request, REST JSON / gRPC  %6.2f%n",
                json.serverCpuMicrosPerRequest() / grpc.serverCpuMicrosPerRequest());
        out.printf(
                "    server CPU per request, bare gRPC / gRPC  %6.2f%n",
                bareGrpc.serverCpuMicrosPerRequest() / grpc.serverCpuMicrosPerRequest());
    }
}
