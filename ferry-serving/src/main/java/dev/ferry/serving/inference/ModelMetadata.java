package dev.ferry.serving.inference;

import dev.ferry.api.model.TensorSpec;
import java.util.List;

/**
 * What model metadata answers: name, available versions, platform and the tensors, shapes including
 * the batch dimension as -1 when the model batches.
 */
public record ModelMetadata(
        String name,
        List<String> versions,
        String platform,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs) {
    public ModelMetadata {
        versions = List.copyOf(versions);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }
}
