package dev.ferry.serving.tensor;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.InvalidRequestException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * Fills a tensor element by element from typed values (JSON numbers, gRPC typed contents), checking
 * each value against the element type's range. Errors name the tensor and the element.
 */
public final class TensorBuilder {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private final String name;
    private final DataType type;
    private final List<Long> shape;
    private final long expected;
    private ByteBuffer buf;
    private long count;

    /**
     * Starts a tensor of {@code shape}; rejects negative or overflowing shapes and more than {@code
     * maxElements} elements before allocating anything.
     */
    public TensorBuilder(String name, DataType type, List<Long> shape, long maxElements) {
        this.name = name;
        this.type = type;
        this.shape = List.copyOf(shape);
        this.expected = Shapes.elementCount(name, shape);
        if (expected > maxElements) {
            throw new InvalidRequestException(
                    "tensor '"
                            + name
                            + "' has "
                            + expected
                            + " elements; the server accepts at most "
                            + maxElements);
        }
        long bytes =
                type == DataType.BYTES
                        ? Math.min(expected * 8, 1 << 16)
                        : expected * type.byteSize();
        this.buf = ByteBuffer.allocate(Math.toIntExact(bytes)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The number of elements the shape calls for. */
    public long expectedCount() {
        return expected;
    }

    /** Adds a signed integer (or 0/1 for BOOL); floating types take it as a number. */
    public TensorBuilder addLong(long v) {
        switch (type) {
            case BOOL -> {
                if (v != 0 && v != 1) {
                    throw outOfRange(Long.toString(v));
                }
                room(1).put((byte) v);
            }
            case INT8 -> room(1).put((byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE));
            case UINT8 -> room(1).put((byte) checkRange(v, 0, 0xFF));
            case INT16 -> room(2).putShort((short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> room(2).putShort((short) checkRange(v, 0, 0xFFFF));
            case INT32 -> room(4).putInt((int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> room(4).putInt((int) checkRange(v, 0, 0xFFFF_FFFFL));
            case INT64 -> room(8).putLong(v);
            case UINT64 -> room(8).putLong(checkRange(v, 0, Long.MAX_VALUE));
            case FP16, BF16, FP32, FP64 -> {
                return addDouble(v);
            }
            case BYTES -> throw wrongKind("an integer");
        }
        return counted();
    }

    /** Adds an unsigned 64-bit value given as its two's-complement bits (gRPC uint64 contents). */
    public TensorBuilder addUnsignedLong(long bits) {
        if (type != DataType.UINT64) {
            return addLong(bits);
        }
        room(8).putLong(bits);
        return counted();
    }

    /** Adds an arbitrarily large integer (JSON numbers beyond the long range). */
    public TensorBuilder addBigInteger(BigInteger v) {
        if (type == DataType.UINT64 && v.signum() >= 0 && v.compareTo(TWO_64) < 0) {
            room(8).putLong(v.longValue());
            return counted();
        }
        if (v.bitLength() < 64) {
            return addLong(v.longValue());
        }
        if (isFloating()) {
            return addDouble(v.doubleValue());
        }
        throw outOfRange(v.toString());
    }

    /** Adds a floating-point value; only floating types accept it. */
    public TensorBuilder addDouble(double v) {
        switch (type) {
            case FP16 -> room(2).putShort(Float.floatToFloat16((float) v));
            case BF16 -> room(2).putShort(HalfFloats.toBfloat16((float) v));
            case FP32 -> room(4).putFloat((float) v);
            case FP64 -> room(8).putDouble(v);
            default -> throw wrongKind("a floating-point number");
        }
        return counted();
    }

    /** Adds a boolean; only BOOL accepts it. */
    public TensorBuilder addBoolean(boolean v) {
        if (type != DataType.BOOL) {
            throw wrongKind("a boolean");
        }
        room(1).put((byte) (v ? 1 : 0));
        return counted();
    }

    /** Adds a byte string; only BYTES accepts it. */
    public TensorBuilder addBytes(byte[] v) {
        if (type != DataType.BYTES) {
            throw wrongKind("a string");
        }
        room(4L + v.length).putInt(v.length).put(v);
        return counted();
    }

    /** Finishes the tensor; fails unless exactly the shape's element count was added. */
    public Tensor build() {
        if (count != expected) {
            throw new InvalidRequestException(
                    "tensor '"
                            + name
                            + "' has shape "
                            + shape
                            + " ("
                            + expected
                            + " elements) but "
                            + count
                            + " values");
        }
        return new Tensor(type, shape, buf.flip());
    }

    private boolean isFloating() {
        return type == DataType.FP16
                || type == DataType.BF16
                || type == DataType.FP32
                || type == DataType.FP64;
    }

    private ByteBuffer room(long bytes) {
        if (count >= expected) {
            throw new InvalidRequestException(
                    "tensor '"
                            + name
                            + "' has shape "
                            + shape
                            + " but more than "
                            + expected
                            + " values");
        }
        if (buf.remaining() < bytes) {
            long grown = Math.max((long) buf.capacity() * 2, buf.position() + bytes);
            if (grown > Integer.MAX_VALUE - 16) {
                throw new InvalidRequestException("tensor '" + name + "' is larger than 2 GB");
            }
            ByteBuffer bigger = ByteBuffer.allocate((int) grown).order(ByteOrder.LITTLE_ENDIAN);
            bigger.put(buf.flip());
            buf = bigger;
        }
        return buf;
    }

    private TensorBuilder counted() {
        count++;
        return this;
    }

    private long checkRange(long v, long min, long max) {
        if (v < min || v > max) {
            throw outOfRange(Long.toString(v));
        }
        return v;
    }

    private InvalidRequestException outOfRange(String v) {
        return new InvalidRequestException(
                "tensor '"
                        + name
                        + "' element "
                        + count
                        + ": "
                        + v
                        + " is out of range for "
                        + type);
    }

    private InvalidRequestException wrongKind(String what) {
        return new InvalidRequestException(
                "tensor '"
                        + name
                        + "' element "
                        + count
                        + ": "
                        + type
                        + " does not accept "
                        + what);
    }
}
