package dev.ferry.api.model;

import java.util.List;

/** The inputs a model takes and the outputs it returns. */
public record ModelSignature(List<TensorSpec> inputs, List<TensorSpec> outputs) {
    public ModelSignature {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
