package dev.ferry.api.model;

import java.nio.ByteBuffer;

/** Reads single fixed-size elements of a {@link Tensor} by type. */
final class TensorElements {
    private TensorElements() {}

    static double getDouble(Tensor t, int i) {
        ByteBuffer b = t.data();
        return switch (t.datatype()) {
            case FP16 -> Float.float16ToFloat(b.getShort(i * 2));
            case BF16 -> Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16);
            case FP32 -> b.getFloat(i * 4);
            case FP64 -> b.getDouble(i * 8);
            case UINT64 -> {
                long v = b.getLong(i * 8);
                yield v >= 0 ? v : (double) (v >>> 1) * 2.0 + (v & 1);
            }
            case BYTES -> throw new IllegalStateException("BYTES elements are not numbers");
            default -> getLong(t, i);
        };
    }

    static long getLong(Tensor t, int i) {
        ByteBuffer b = t.data();
        return switch (t.datatype()) {
            case BOOL -> b.get(i) != 0 ? 1 : 0;
            case INT8 -> b.get(i);
            case UINT8 -> b.get(i) & 0xFFL;
            case INT16 -> b.getShort(i * 2);
            case UINT16 -> b.getShort(i * 2) & 0xFFFFL;
            case INT32 -> b.getInt(i * 4);
            case UINT32 -> b.getInt(i * 4) & 0xFFFF_FFFFL;
            case INT64, UINT64 -> b.getLong(i * 8);
            default ->
                    throw new IllegalStateException(
                            t.datatype() + " elements are not integers; use getDouble");
        };
    }
}
