package dev.ferry.client.grpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.client.protocol.InferTensorContents;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtoContentsTest {

    @Test
    void roundTripsEveryTypedDatatype() {
        long[] two = {2};
        List<Tensor> tensors =
                List.of(
                        Tensor.ofBooleans(two, true, false),
                        Tensor.ofInts(two, 7, -7),
                        Tensor.ofLongs(new long[] {1}, Long.MIN_VALUE),
                        Tensor.ofFloats(new long[] {1}, 1.5f),
                        Tensor.ofDoubles(new long[] {1}, -2.25),
                        Tensor.ofStrings(two, "x", "yz"),
                        raw(DataType.UINT8, 2, (byte) 255, 1),
                        raw(DataType.INT8, 1, (byte) -3),
                        raw(DataType.UINT16, 1, (byte) 0xff, (byte) 0xff),
                        raw(DataType.UINT64, 1, -1, -1, -1, -1, -1, -1, -1, -1));
        for (Tensor t : tensors) {
            InferTensorContents c = ProtoContents.fromTensor(t);
            assertThat(ProtoContents.toTensor("t", t.datatype(), t.shape(), c))
                    .as(t.datatype().name())
                    .isEqualTo(t);
        }
    }

    @Test
    void rejectsValuesInTheFieldOfAnotherDatatype() {
        InferTensorContents floats = InferTensorContents.newBuilder().addFp32Contents(1f).build();
        assertThatThrownBy(() -> ProtoContents.toTensor("OUT", DataType.INT32, List.of(1L), floats))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not in int_contents");
    }

    @Test
    void sendsHalfPrecisionOnlyRaw() {
        assertThat(ContentsFields.hasTypedField(DataType.FP16)).isFalse();
        assertThatThrownBy(() -> ProtoContents.fromTensor(raw(DataType.FP16, 1, 0, 0x3c)))
                .hasMessageContaining("send it raw");
    }

    private static Tensor raw(DataType type, long n, int... bytes) {
        byte[] b = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            b[i] = (byte) bytes[i];
        }
        return new Tensor(type, List.of(n), ByteBuffer.wrap(b));
    }
}
