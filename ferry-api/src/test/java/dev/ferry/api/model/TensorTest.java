package dev.ferry.api.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void readsBackTheValuesItWasBuiltFrom() {
        Tensor t = Tensor.ofInts(new long[] {2, 2}, 1, -2, 3, 4);
        assertThat(t.elementCount()).isEqualTo(4);
        assertThat(t.toLongArray()).containsExactly(1, -2, 3, 4);
        assertThat(t.getDouble(1)).isEqualTo(-2.0);
        assertThat(t.byteSize()).isEqualTo(16);
    }

    @Test
    void rejectsDataThatDoesNotFillTheShape() {
        assertThatThrownBy(() -> new Tensor(DataType.FP32, List.of(3L), ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 12 bytes, got 8");
    }

    @Test
    void rejectsNegativeAndOverflowingShapes() {
        assertThatThrownBy(() -> Tensor.elementCount(List.of(2L, -1L)))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> Tensor.elementCount(List.of(Long.MAX_VALUE, 4L)))
                .hasMessageContaining("too many");
    }

    @Test
    void storesByteStringsWithLengthPrefixes() {
        Tensor t = Tensor.ofStrings(new long[] {2}, "ab", "");
        assertThat(t.byteSize()).isEqualTo(4 + 2 + 4);
        assertThat(t.bytesElements()).hasSize(2);
        assertThat(new String(t.bytesElements().getFirst())).isEqualTo("ab");
    }

    @Test
    void rejectsByteStringsWhoseLengthRunsPastTheData() {
        ByteBuffer b = ByteBuffer.allocate(6).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.putInt(10).put((byte) 1).put((byte) 2).flip();
        assertThatThrownBy(() -> new Tensor(DataType.BYTES, List.of(1L), b))
                .hasMessageContaining("declares 10 bytes");
    }

    @Test
    void readsHalfPrecisionAndUnsignedElements() {
        ByteBuffer h = ByteBuffer.allocate(2).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        h.putShort(Float.floatToFloat16(1.5f)).flip();
        assertThat(new Tensor(DataType.FP16, List.of(1L), h).getDouble(0)).isEqualTo(1.5);
        ByteBuffer u = ByteBuffer.allocate(1).put((byte) 0xFF).flip();
        assertThat(new Tensor(DataType.UINT8, List.of(1L), u).getLong(0)).isEqualTo(255);
    }
}
