package dev.ferry.serving.tensor;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Joins tensors along the first (batch) dimension and splits results back. */
public final class TensorBatches {
    private TensorBatches() {}

    /**
     * Concatenates tensors whose shapes agree except in the first dimension; works for BYTES too
     * because the layout is a plain sequence of elements.
     */
    public static Tensor concat(List<Tensor> parts) {
        if (parts.size() == 1) {
            return parts.getFirst();
        }
        Tensor first = parts.getFirst();
        long rows = 0;
        int bytes = 0;
        for (Tensor t : parts) {
            if (t.datatype() != first.datatype()
                    || t.shape().size() != first.shape().size()
                    || t.shape().isEmpty()
                    || !t.shape()
                            .subList(1, t.shape().size())
                            .equals(first.shape().subList(1, first.shape().size()))) {
                throw new IllegalArgumentException(
                        "cannot batch "
                                + t.datatype()
                                + t.shape()
                                + " with "
                                + first.datatype()
                                + first.shape());
            }
            rows += t.shape().getFirst();
            bytes = Math.addExact(bytes, t.byteSize());
        }
        ByteBuffer out = ByteBuffer.allocate(bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (Tensor t : parts) {
            out.put(t.data());
        }
        List<Long> shape = new ArrayList<>(first.shape());
        shape.set(0, rows);
        return new Tensor(first.datatype(), shape, out.flip());
    }

    /** Splits a tensor along the first dimension into pieces of the given row counts. */
    public static List<Tensor> split(Tensor t, List<Long> rows) {
        if (rows.size() == 1) {
            return List.of(t);
        }
        long total = rows.stream().mapToLong(Long::longValue).sum();
        if (t.shape().isEmpty() || t.shape().getFirst() != total) {
            throw new IllegalArgumentException(
                    "model returned shape " + t.shape() + " for a batch of " + total + " rows");
        }
        long rowElements = total == 0 ? 0 : t.elementCount() / total;
        ByteBuffer data = t.data();
        List<Tensor> out = new ArrayList<>(rows.size());
        for (long r : rows) {
            int start = data.position();
            int length;
            if (t.datatype() == DataType.BYTES) {
                for (long e = 0; e < r * rowElements; e++) {
                    int len = data.getInt();
                    data.position(data.position() + len);
                }
                length = data.position() - start;
            } else {
                length = Math.toIntExact(r * rowElements * t.datatype().byteSize());
                data.position(start + length);
            }
            List<Long> shape = new ArrayList<>(t.shape());
            shape.set(0, r);
            out.add(new Tensor(t.datatype(), shape, data.slice(start, length)));
        }
        return out;
    }
}
