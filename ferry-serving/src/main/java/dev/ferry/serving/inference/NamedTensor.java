package dev.ferry.serving.inference;

import dev.ferry.api.model.Tensor;
import java.util.Map;

/**
 * An input or output tensor with its name and protocol parameters (values are Boolean, Long, Double
 * or String).
 */
public record NamedTensor(String name, Tensor tensor, Map<String, Object> parameters) {
    public NamedTensor {
        parameters = Map.copyOf(parameters);
    }

    /** A tensor without parameters. */
    public NamedTensor(String name, Tensor tensor) {
        this(name, tensor, Map.of());
    }
}
