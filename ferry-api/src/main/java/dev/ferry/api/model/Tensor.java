package dev.ferry.api.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An immutable tensor value: element type, shape and the elements in the Open Inference Protocol's
 * binary layout (little-endian, BOOL one byte, each BYTES element a 4-byte length then its bytes).
 *
 * <p>The same layout is used by the binary tensor extension over REST and by gRPC's raw contents,
 * so a tensor moves between transports and runtimes without conversion.
 */
public record Tensor(DataType datatype, List<Long> shape, ByteBuffer data) {

    public Tensor {
        shape = List.copyOf(shape);
        long count = elementCount(shape);
        data = data.slice().asReadOnlyBuffer().order(ByteOrder.LITTLE_ENDIAN);
        if (datatype == DataType.BYTES) {
            long found = countBytesElements(data);
            if (found != count) {
                throw new IllegalArgumentException(
                        "BYTES tensor of shape "
                                + shape
                                + " needs "
                                + count
                                + " elements, got "
                                + found);
            }
        } else if (data.remaining() != count * datatype.byteSize()) {
            throw new IllegalArgumentException(
                    datatype
                            + " tensor of shape "
                            + shape
                            + " needs "
                            + count * datatype.byteSize()
                            + " bytes, got "
                            + data.remaining());
        }
    }

    /**
     * The number of elements a shape holds; rejects negative dimensions and counts that overflow.
     */
    public static long elementCount(List<Long> shape) {
        long count = 1;
        for (Long dim : shape) {
            if (dim == null || dim < 0) {
                throw new IllegalArgumentException(
                        "shape " + shape + " has a negative or missing dimension");
            }
            try {
                count = Math.multiplyExact(count, dim);
            } catch (ArithmeticException e) {
                throw new IllegalArgumentException("shape " + shape + " holds too many elements");
            }
        }
        return count;
    }

    private static long countBytesElements(ByteBuffer data) {
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        long n = 0;
        while (b.hasRemaining()) {
            if (b.remaining() < 4) {
                throw new IllegalArgumentException("BYTES data ends inside an element's length");
            }
            int len = b.getInt();
            if (len < 0 || len > b.remaining()) {
                throw new IllegalArgumentException(
                        "BYTES element "
                                + n
                                + " declares "
                                + len
                                + " bytes but "
                                + b.remaining()
                                + " remain");
            }
            b.position(b.position() + len);
            n++;
        }
        return n;
    }

    /** The number of elements. */
    public long elementCount() {
        return elementCount(shape);
    }

    /** The shape as a primitive array. */
    public long[] shapeArray() {
        return shape.stream().mapToLong(Long::longValue).toArray();
    }

    /** The element bytes as a fresh little-endian read-only view (position 0). */
    @Override
    public ByteBuffer data() {
        return data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The size of the binary encoding in bytes. */
    public int byteSize() {
        return data.remaining();
    }

    /** Element {@code i} as a double, for every numeric type and BOOL (1.0 or 0.0). */
    public double getDouble(long i) {
        return TensorElements.getDouble(this, checkIndex(i));
    }

    /** Element {@code i} as a long, for integer types and BOOL; UINT64 above 2^63 wraps. */
    public long getLong(long i) {
        return TensorElements.getLong(this, checkIndex(i));
    }

    /** Element {@code i} of a BOOL tensor. */
    public boolean getBoolean(long i) {
        requireType(DataType.BOOL);
        return data.get(checkIndex(i)) != 0;
    }

    /** All elements of a BYTES tensor. */
    public List<byte[]> bytesElements() {
        requireType(DataType.BYTES);
        ByteBuffer b = data();
        List<byte[]> out = new ArrayList<>();
        while (b.hasRemaining()) {
            byte[] e = new byte[b.getInt()];
            b.get(e);
            out.add(e);
        }
        return out;
    }

    /** All elements as floats (numeric types only). */
    public float[] toFloatArray() {
        float[] out = new float[Math.toIntExact(elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) TensorElements.getDouble(this, i);
        }
        return out;
    }

    /** All elements as doubles (numeric types only). */
    public double[] toDoubleArray() {
        double[] out = new double[Math.toIntExact(elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = TensorElements.getDouble(this, i);
        }
        return out;
    }

    /** All elements as longs (integer types and BOOL only). */
    public long[] toLongArray() {
        long[] out = new long[Math.toIntExact(elementCount())];
        for (int i = 0; i < out.length; i++) {
            out[i] = TensorElements.getLong(this, i);
        }
        return out;
    }

    /** An FP32 tensor. */
    public static Tensor ofFloats(long[] shape, float... values) {
        ByteBuffer b = allocate(values.length * 4L);
        for (float v : values) {
            b.putFloat(v);
        }
        return new Tensor(DataType.FP32, boxed(shape), b.flip());
    }

    /** An FP64 tensor. */
    public static Tensor ofDoubles(long[] shape, double... values) {
        ByteBuffer b = allocate(values.length * 8L);
        for (double v : values) {
            b.putDouble(v);
        }
        return new Tensor(DataType.FP64, boxed(shape), b.flip());
    }

    /** An INT32 tensor. */
    public static Tensor ofInts(long[] shape, int... values) {
        ByteBuffer b = allocate(values.length * 4L);
        for (int v : values) {
            b.putInt(v);
        }
        return new Tensor(DataType.INT32, boxed(shape), b.flip());
    }

    /** An INT64 tensor. */
    public static Tensor ofLongs(long[] shape, long... values) {
        ByteBuffer b = allocate(values.length * 8L);
        for (long v : values) {
            b.putLong(v);
        }
        return new Tensor(DataType.INT64, boxed(shape), b.flip());
    }

    /** A BOOL tensor. */
    public static Tensor ofBooleans(long[] shape, boolean... values) {
        ByteBuffer b = allocate(values.length);
        for (boolean v : values) {
            b.put((byte) (v ? 1 : 0));
        }
        return new Tensor(DataType.BOOL, boxed(shape), b.flip());
    }

    /** A BYTES tensor of UTF-8 strings. */
    public static Tensor ofStrings(long[] shape, String... values) {
        List<byte[]> raw = new ArrayList<>();
        for (String v : values) {
            raw.add(v.getBytes(StandardCharsets.UTF_8));
        }
        return ofBytes(shape, raw);
    }

    /** A BYTES tensor. */
    public static Tensor ofBytes(long[] shape, List<byte[]> values) {
        long size = 0;
        for (byte[] v : values) {
            size += 4L + v.length;
        }
        ByteBuffer b = allocate(size);
        for (byte[] v : values) {
            b.putInt(v.length).put(v);
        }
        return new Tensor(DataType.BYTES, boxed(shape), b.flip());
    }

    private static ByteBuffer allocate(long size) {
        return ByteBuffer.allocate(Math.toIntExact(size)).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static List<Long> boxed(long[] shape) {
        List<Long> out = new ArrayList<>(shape.length);
        for (long d : shape) {
            out.add(d);
        }
        return out;
    }

    private int checkIndex(long i) {
        long count = elementCount();
        if (i < 0 || i >= count) {
            throw new IndexOutOfBoundsException("element " + i + " of a tensor with " + count);
        }
        return (int) i;
    }

    private void requireType(DataType expected) {
        if (datatype != expected) {
            throw new IllegalStateException("tensor is " + datatype + ", not " + expected);
        }
    }
}
