package dev.ferry.api.model;

import java.util.List;

/**
 * A model input or output: name, element type and shape, where -1 marks a variable dimension
 * (usually the batch).
 */
public record TensorSpec(String name, DataType datatype, List<Long> shape) {
    public TensorSpec {
        shape = List.copyOf(shape);
    }
}
