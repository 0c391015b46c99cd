package dev.ferry.bench.serving;

import dev.ferry.client.protocol.GRPCInferenceServiceGrpc;
import dev.ferry.client.protocol.ModelInferRequest;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop gRPC load generator: one HTTP/2 connection per client, each with one request in
 * flight, for a fixed time; latency percentiles from every request.
 */
final class GrpcLoad {
    private final int port;
    private final int seconds;

    GrpcLoad(int port, int seconds) {
        this.port = port;
        this.seconds = seconds;
    }

    Measurement run(ModelInferRequest request, int connections) throws InterruptedException {
        List<ManagedChannel> channels = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            channels.add(
                    Grpc.newChannelBuilderForAddress(
                                    "127.0.0.1", port, InsecureChannelCredentials.create())
                            .build());
        }
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long[][] latencies = new long[connections][];
        AtomicLong failures = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            int worker = i;
            workers.add(
                    Thread.ofVirtual()
                            .start(
                                    () -> {
                                        var stub =
                                                GRPCInferenceServiceGrpc.newBlockingStub(
                                                        channels.get(worker));
                                        long[] mine = new long[1 << 16];
                                        int n = 0;
                                        while (System.nanoTime() < end) {
                                            long t0 = System.nanoTime();
                                            try {
                                                stub.withDeadlineAfter(10, TimeUnit.SECONDS)
                                                        .modelInfer(request);
                                            } catch (RuntimeException e) {
                                                failures.incrementAndGet();
                                            }
                                            if (n == mine.length) {
                                                mine = Arrays.copyOf(mine, n * 2);
                                            }
                                            mine[n++] = System.nanoTime() - t0;
                                        }
                                        latencies[worker] = Arrays.copyOf(mine, n);
                                    }));
        }
        for (Thread t : workers) {
            t.join();
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        channels.forEach(ManagedChannel::shutdownNow);
        long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
        return new Measurement(
                all.length / elapsed,
                percentile(all, 0.50) / 1e6,
                percentile(all, 0.99) / 1e6,
                failures.get());
    }

    private static double percentile(long[] sorted, double q) {
        return sorted.length == 0
                ? Double.NaN
                : sorted[(int) Math.min(sorted.length - 1, q * sorted.length)];
    }
}
