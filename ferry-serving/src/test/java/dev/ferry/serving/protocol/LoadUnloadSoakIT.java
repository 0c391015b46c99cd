package dev.ferry.serving.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.client.InferenceClient;
import dev.ferry.client.ModelTarget;
import dev.ferry.client.rest.RestInferenceClient;
import dev.ferry.serving.protocol.ProtocolServer.ClientMode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1,000 load/unload cycles through the repository extension, with an inference on every tenth:
 * resident memory outside the Java heap (where ONNX Runtime keeps sessions) must not grow beyond
 * noise between the end of the warm-up and the end of the run.
 */
class LoadUnloadSoakIT {
    private static final int WARM_UP = 100;
    private static final int CYCLES = 1_000;
    private static final long NOISE_BYTES = 48L << 20;

    @TempDir Path repository;

    @Test
    void loadingAndUnloadingAThousandTimesDoesNotGrowNativeMemory() throws Exception {
        try (ProtocolServer server = ProtocolServer.start(repository);
                RestInferenceClient rest = RestInferenceClient.json(server.base());
                InferenceClient grpc = server.client(ClientMode.GRPC_RAW)) {
            long before = 0;
            long rssBefore = 0;
            for (int cycle = 1; cycle <= CYCLES; cycle++) {
                rest.load("idle");
                if (cycle % 10 == 0) {
                    assertThat(
                                    grpc.infer(ProtocolConformanceIT.simple(2).withModel("idle"))
                                            .output("OUTPUT0")
                                            .shape())
                            .containsExactly(2L, 16L);
                }
                rest.unload("idle");
                if (cycle == WARM_UP) {
                    before = outsideHeap();
                    rssBefore = rss();
                }
            }
            long after = outsideHeap();
            long rssAfter = rss();
            System.out.printf(
                    "soak: RSS %d MB -> %d MB; outside the heap %d MB -> %d MB over %d cycles%n",
                    rssBefore >> 20, rssAfter >> 20, before >> 20, after >> 20, CYCLES - WARM_UP);
            assertThat(after - before)
                    .as("growth of resident memory outside the heap, bytes")
                    .isLessThan(NOISE_BYTES);
            assertThat(grpc.modelReady(ModelTarget.of("idle"))).isFalse();
            assertThat(grpc.live()).isTrue();
        }
    }

    /** Resident set size minus the committed Java heap, after a collection. */
    private static long outsideHeap() throws IOException {
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getCommitted();
        return rss() - heap;
    }

    private static long rss() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        }
        throw new IOException("/proc/self/status has no VmRSS line: this test needs Linux");
    }
}
