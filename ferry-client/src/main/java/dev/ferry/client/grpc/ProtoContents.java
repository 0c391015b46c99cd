package dev.ferry.client.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.client.protocol.InferTensorContents;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Converts tensors to and from gRPC's typed {@code InferTensorContents}: the client reads and
 * writes with it, and the server writes its typed outputs with it (it reads inputs with range
 * checks of its own).
 */
public final class ProtoContents {
    private ProtoContents() {}

    /**
     * Reads typed contents as a tensor.
     *
     * @throws IllegalArgumentException when the values sit in another type's field or do not fill
     *     the shape
     */
    public static Tensor toTensor(
            String name, DataType datatype, List<Long> shape, InferTensorContents c) {
        int populated = ContentsFields.populated(c);
        int count = ContentsFields.count(datatype, c);
        if (populated > 1 || (populated == 1 && count == 0)) {
            throw new IllegalArgumentException(
                    "tensor '%s' is %s but its values are not in %s"
                            .formatted(name, datatype, ContentsFields.of(datatype)));
        }
        if (datatype == DataType.BYTES) {
            return Tensor.ofBytes(
                    shape.stream().mapToLong(Long::longValue).toArray(),
                    c.getBytesContentsList().stream().map(ByteString::toByteArray).toList());
        }
        ByteBuffer buf =
                ByteBuffer.allocate(Math.multiplyExact(count, datatype.byteSize()))
                        .order(ByteOrder.LITTLE_ENDIAN);
        switch (datatype) {
            case BOOL -> c.getBoolContentsList().forEach(b -> buf.put((byte) (b ? 1 : 0)));
            case INT8, UINT8 -> intsOf(datatype, c).forEach(v -> buf.put(v.byteValue()));
            case INT16, UINT16 -> intsOf(datatype, c).forEach(v -> buf.putShort(v.shortValue()));
            case INT32, UINT32 -> intsOf(datatype, c).forEach(buf::putInt);
            case INT64 -> c.getInt64ContentsList().forEach(buf::putLong);
            case UINT64 -> c.getUint64ContentsList().forEach(buf::putLong);
            case FP32 -> c.getFp32ContentsList().forEach(buf::putFloat);
            case FP64 -> c.getFp64ContentsList().forEach(buf::putDouble);
            case FP16, BF16, BYTES -> {
                // FP16/BF16 have no typed field (count is 0); BYTES is handled above
            }
        }
        return new Tensor(datatype, shape, buf.flip());
    }

    /**
     * Writes a tensor as typed contents.
     *
     * @throws IllegalArgumentException for FP16 and BF16, which only travel as raw contents
     */
    public static InferTensorContents fromTensor(Tensor t) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        ByteBuffer buf = t.data();
        long n = t.elementCount();
        switch (t.datatype()) {
            case BOOL -> {
                for (long i = 0; i < n; i++) c.addBoolContents(t.getBoolean(i));
            }
            case INT8, INT16, INT32 -> {
                for (long i = 0; i < n; i++) c.addIntContents((int) t.getLong(i));
            }
            case UINT8, UINT16, UINT32 -> {
                for (long i = 0; i < n; i++) c.addUintContents((int) t.getLong(i));
            }
            case INT64 -> {
                for (long i = 0; i < n; i++) c.addInt64Contents(buf.getLong());
            }
            case UINT64 -> {
                for (long i = 0; i < n; i++) c.addUint64Contents(buf.getLong());
            }
            case FP32 -> {
                for (long i = 0; i < n; i++) c.addFp32Contents(buf.getFloat());
            }
            case FP64 -> {
                for (long i = 0; i < n; i++) c.addFp64Contents(buf.getDouble());
            }
            case BYTES ->
                    t.bytesElements()
                            .forEach(b -> c.addBytesContents(UnsafeByteOperations.unsafeWrap(b)));
            case FP16, BF16 ->
                    throw new IllegalArgumentException(
                            t.datatype() + " has no typed contents field; send it raw");
        }
        return c.build();
    }

    private static List<Integer> intsOf(DataType datatype, InferTensorContents c) {
        return switch (datatype) {
            case INT8, INT16, INT32 -> c.getIntContentsList();
            default -> c.getUintContentsList();
        };
    }
}
