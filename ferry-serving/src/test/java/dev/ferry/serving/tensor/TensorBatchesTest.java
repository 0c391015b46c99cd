package dev.ferry.serving.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorBatchesTest {

    @Test
    void concatenatesAlongTheBatchDimensionAndSplitsBack() {
        Tensor a = Tensor.ofInts(new long[] {1, 2}, 1, 2);
        Tensor b = Tensor.ofInts(new long[] {2, 2}, 3, 4, 5, 6);
        Tensor joined = TensorBatches.concat(List.of(a, b));
        assertThat(joined.shape()).containsExactly(3L, 2L);
        assertThat(joined.toLongArray()).containsExactly(1, 2, 3, 4, 5, 6);
        assertThat(TensorBatches.split(joined, List.of(1L, 2L))).containsExactly(a, b);
    }

    @Test
    void splitsByteStringsByWalkingTheirLengths() {
        Tensor a = Tensor.ofStrings(new long[] {1}, "hello");
        Tensor b = Tensor.ofStrings(new long[] {2}, "", "xy");
        Tensor joined = TensorBatches.concat(List.of(a, b));
        assertThat(TensorBatches.split(joined, List.of(1L, 2L))).containsExactly(a, b);
    }

    @Test
    void refusesToBatchTensorsOfDifferentRowShapes() {
        Tensor a = Tensor.ofInts(new long[] {1, 2}, 1, 2);
        Tensor b = Tensor.ofInts(new long[] {1, 3}, 1, 2, 3);
        assertThatThrownBy(() -> TensorBatches.concat(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesToSplitAnOutputWhoseBatchDoesNotMatch() {
        Tensor t = Tensor.ofInts(new long[] {2, 1}, 1, 2);
        assertThatThrownBy(() -> TensorBatches.split(t, List.of(1L, 2L)))
                .hasMessageContaining("batch of 3 rows");
    }
}
