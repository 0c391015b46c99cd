package dev.ferry.serving.tensor;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.InvalidRequestException;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Reads tensors from the binary layout shared by the REST binary extension and gRPC raw contents.
 */
public final class BinaryTensors {
    private BinaryTensors() {}

    /**
     * Wraps {@code bytes} (exactly this tensor's bytes) as a tensor, checking the size against the
     * shape; BYTES elements are walked to count them.
     */
    public static Tensor read(
            String name, DataType type, List<Long> shape, ByteBuffer bytes, long maxElements) {
        long count = Shapes.elementCount(name, shape);
        if (count > maxElements) {
            throw new InvalidRequestException(
                    "tensor '"
                            + name
                            + "' has "
                            + count
                            + " elements; the server accepts at most "
                            + maxElements);
        }
        if (type != DataType.BYTES && (long) bytes.remaining() != count * type.byteSize()) {
            throw new InvalidRequestException(
                    "tensor '"
                            + name
                            + "' of type "
                            + type
                            + " and shape "
                            + shape
                            + " needs "
                            + count * type.byteSize()
                            + " bytes of binary data, got "
                            + bytes.remaining());
        }
        try {
            return new Tensor(type, shape, bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("tensor '" + name + "': " + e.getMessage());
        }
    }
}
