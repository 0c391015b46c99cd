package dev.ferry.client;

import dev.ferry.api.model.TensorSpec;
import java.util.List;

/** What a server says about a model: its versions, platform and tensor signature. */
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
