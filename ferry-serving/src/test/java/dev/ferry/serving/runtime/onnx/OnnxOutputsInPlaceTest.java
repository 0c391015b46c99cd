package dev.ferry.serving.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.model.CallCancellation;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Outputs ONNX Runtime writes into a call's own buffers, and the models whose outputs it cannot.
 */
class OnnxOutputsInPlaceTest {
    private static final int WIDTH = 16;

    @Test
    void aBatchingModelGetsEachCallsRowsBackAndEarlierResultsStayIntact() {
        try (LoadedModel model = load(8)) {
            assertThat(((OnnxModel) model).writesOutputsInPlace()).isTrue();
            Map<String, Tensor> first = call(model, 1, 100);
            Map<String, Tensor> three = call(model, 3, 200);
            Map<String, Tensor> again = call(model, 1, 300);

            assertAnswers(three, 3, 200);
            assertAnswers(again, 1, 300);
            // the slot's buffers served two more calls since: the first result is a copy
            assertAnswers(first, 1, 100);
        }
    }

    @Test
    void aModelWhoseOutputDimensionsAreOpenRunsAsBefore() {
        // without batching the leading -1 of the fixture's outputs is a dimension of its own
        try (LoadedModel model = load(0)) {
            assertThat(((OnnxModel) model).writesOutputsInPlace()).isFalse();
            assertAnswers(call(model, 2, 10), 2, 10);
        }
    }

    @Test
    void outputsLargerThanTheSlotsBuffersStillComeBackWhole() {
        try (LoadedModel model = load(8)) {
            int rows = 1100; // 1100 x 16 INT32 = 70,400 bytes per output, over the reuse limit
            assertAnswers(call(model, rows, 7), rows, 7);
            assertAnswers(call(model, 2, 8), 2, 8);
        }
    }

    private static LoadedModel load(int maxBatchSize) {
        return OnnxTestModels.load(OnnxTestModels.SIMPLE, "simple", 1, Map.of(), maxBatchSize);
    }

    /** Calls the add/subtract model with INPUT0[r][k] = base + r * 16 + k and INPUT1 = r + 1. */
    private static Map<String, Tensor> call(LoadedModel model, int rows, int base) {
        int[] a = new int[rows * WIDTH];
        int[] b = new int[rows * WIDTH];
        for (int i = 0; i < a.length; i++) {
            a[i] = base + i;
            b[i] = i / WIDTH + 1;
        }
        long[] shape = {rows, WIDTH};
        return model.predict(
                Map.of("INPUT0", Tensor.ofInts(shape, a), "INPUT1", Tensor.ofInts(shape, b)),
                new CallCancellation());
    }

    private static void assertAnswers(Map<String, Tensor> out, int rows, int base) {
        assertThat(out.get("OUTPUT0").shape()).containsExactly((long) rows, (long) WIDTH);
        assertThat(out.get("OUTPUT1").shape()).containsExactly((long) rows, (long) WIDTH);
        for (int i = 0; i < rows * WIDTH; i++) {
            int a = base + i;
            int b = i / WIDTH + 1;
            assertThat(out.get("OUTPUT0").getLong(i)).as("OUTPUT0[%d]", i).isEqualTo(a + b);
            assertThat(out.get("OUTPUT1").getLong(i)).as("OUTPUT1[%d]", i).isEqualTo(a - b);
        }
    }
}
