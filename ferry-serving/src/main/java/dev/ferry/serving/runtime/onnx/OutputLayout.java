package dev.ferry.serving.runtime.onnx;

import ai.onnxruntime.OnnxJavaType;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** An output ONNX Runtime can write in place: its type and the dimensions after any batch. */
record OutputLayout(String name, DataType datatype, OnnxJavaType javaType, long[] dims) {
    /**
     * How ONNX Runtime can write each output into a buffer of the call's, or an empty list when
     * some output's shape does not follow from the request: a dimension the model leaves open
     * (other than the batch), or a type its Java API cannot hand over in a buffer.
     */
    static List<OutputLayout> of(List<TensorSpec> outputs, boolean batched) {
        List<OutputLayout> layouts = new ArrayList<>();
        for (TensorSpec out : outputs) {
            Optional<OnnxJavaType> type = OnnxTypes.bufferType(out.datatype());
            List<Long> shape = out.shape();
            if (type.isEmpty() || (batched && (shape.isEmpty() || shape.getFirst() != -1))) {
                return List.of();
            }
            List<Long> fixed = batched ? shape.subList(1, shape.size()) : shape;
            if (fixed.stream().anyMatch(d -> d < 0)) {
                return List.of();
            }
            long[] dims = fixed.stream().mapToLong(Long::longValue).toArray();
            layouts.add(new OutputLayout(out.name(), out.datatype(), type.get(), dims));
        }
        return List.copyOf(layouts);
    }

    long[] shape(long rows, boolean batched) {
        if (!batched) {
            return dims;
        }
        long[] shape = new long[dims.length + 1];
        shape[0] = rows;
        System.arraycopy(dims, 0, shape, 1, dims.length);
        return shape;
    }

    List<Long> shapeList(long rows, boolean batched) {
        return Arrays.stream(shape(rows, batched)).boxed().toList();
    }

    /** The output's size in bytes, or more than the reuse limit when it would not fit an int. */
    int byteSize(long rows, boolean batched) {
        long size = datatype.byteSize();
        for (long d : shape(rows, batched)) {
            size *= d;
            if (size > CallSlot.REUSED_BUFFER_LIMIT) {
                return CallSlot.REUSED_BUFFER_LIMIT + 1;
            }
        }
        return (int) size;
    }
}
