package dev.ferry.serving.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl;
import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One ONNX Runtime session serving several callers at once, each call stoppable on its own. */
class OnnxConcurrentCallsTest {
    private static final Path SIMPLE = OnnxTestModels.SIMPLE;

    /** Matrix chain steps in the slow model: each one a point where ONNX Runtime can stop. */
    private static final int CHAIN = 40;

    @TempDir Path work;

    private static LoadedModel load(Path dir, String name, Map<String, String> parameters) {
        return OnnxTestModels.load(dir, name, 1, parameters);
    }

    @Test
    void oneSessionAnswersManyConcurrentCallersEachWithItsOwnInputs() throws Exception {
        // batching, so every caller's outputs are written into buffers of its own call slot
        try (LoadedModel model =
                        OnnxTestModels.load(
                                SIMPLE, "simple", 1, Map.of("concurrent_calls", "8"), 8);
                ExecutorService pool = Executors.newFixedThreadPool(8)) {
            assertThat(model.concurrentCalls()).isEqualTo(8);
            List<Future<?>> callers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int caller = t;
                callers.add(
                        pool.submit(
                                () -> {
                                    for (int i = 0; i < 300; i++) {
                                        int base = caller * 1000 + i;
                                        int[] a = new int[16];
                                        int[] b = new int[16];
                                        for (int k = 0; k < 16; k++) {
                                            a[k] = base + k;
                                            b[k] = caller;
                                        }
                                        Map<String, Tensor> out =
                                                model.predict(
                                                        Map.of(
                                                                "INPUT0",
                                                                Tensor.ofInts(
                                                                        new long[] {1, 16}, a),
                                                                "INPUT1",
                                                                Tensor.ofInts(
                                                                        new long[] {1, 16}, b)),
                                                        new CallCancellation());
                                        for (int k = 0; k < 16; k++) {
                                            assertThat(out.get("OUTPUT0").getLong(k))
                                                    .isEqualTo(a[k] + b[k]);
                                            assertThat(out.get("OUTPUT1").getLong(k))
                                                    .isEqualTo(a[k] - b[k]);
                                        }
                                    }
                                    return null;
                                }));
            }
            for (Future<?> f : callers) {
                f.get(60, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void cancellingOneCallStopsItAloneAndTheSessionServesOnAfterwards() throws Exception {
        Path dir = work.resolve("chain/1");
        Files.createDirectories(dir);
        Files.write(dir.resolve("model.onnx"), matrixChain());
        try (LoadedModel model = load(dir, "chain", Map.of("concurrent_calls", "2"))) {
            Tensor big = square(1000);
            Tensor small = square(2);
            CallCancellation slow = new CallCancellation();
            CompletableFuture<Map<String, Tensor>> slowCall =
                    CompletableFuture.supplyAsync(() -> model.predict(Map.of("x", big), slow));
            // the slow call is under way: the other slot still answers while it runs
            Thread.sleep(200);
            assertThat(slowCall).isNotDone();
            assertThat(model.predict(Map.of("x", small), new CallCancellation())).containsKey("y");

            long cancelledAt = System.nanoTime();
            slow.cancel();
            assertThatThrownBy(() -> slowCall.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(ModelException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - cancelledAt))
                    .isLessThan(Duration.ofSeconds(10));

            // the cancelled call's slot is clean again, and a late cancel reaches nothing
            for (int i = 0; i < 4; i++) {
                slow.cancel();
                assertThat(model.predict(Map.of("x", small), new CallCancellation()))
                        .containsKey("y");
            }
        }
    }

    @Test
    void aConcurrentCallsParameterThatIsNotAPositiveNumberIsRefusedByName() {
        assertThatThrownBy(() -> load(SIMPLE, "simple", Map.of("concurrent_calls", "0")))
                .isInstanceOf(ModelException.class)
                .hasMessageContaining("model 'simple'")
                .hasMessageContaining("concurrent_calls must be a whole number of at least 1")
                .hasMessageContaining("'0'");
        assertThatThrownBy(() -> load(SIMPLE, "simple", Map.of("concurrent_calls", "many")))
                .hasMessageContaining("'many'");
    }

    @Test
    void withoutTheParameterASessionTakesOneCallPerProcessor() {
        try (LoadedModel model = load(SIMPLE, "simple", Map.of())) {
            assertThat(model.concurrentCalls())
                    .isEqualTo(Runtime.getRuntime().availableProcessors());
        }
    }

    private static Tensor square(int n) {
        float[] values = new float[n * n];
        java.util.Arrays.fill(values, 1e-3f);
        return Tensor.ofFloats(new long[] {n, n}, values);
    }

    /** y = x·x·…·x ({@value #CHAIN} MatMuls in a row) for a square FP32 x of any size. */
    private static byte[] matrixChain() {
        OnnxMl.GraphProto.Builder g =
                OnnxMl.GraphProto.newBuilder()
                        .setName("chain")
                        .addInput(OnnxTestModels.tensor("x", 1, "n", "n"))
                        .addOutput(OnnxTestModels.tensor("y", 1, "n", "n"));
        String previous = "x";
        for (int i = 0; i < CHAIN; i++) {
            String out = i == CHAIN - 1 ? "y" : "m" + i;
            g.addNode(
                    OnnxMl.NodeProto.newBuilder()
                            .setName("matmul" + i)
                            .setOpType("MatMul")
                            .addInput(previous)
                            .addInput("x")
                            .addOutput(out));
            previous = out;
        }
        return OnnxTestModels.model(g);
    }
}
