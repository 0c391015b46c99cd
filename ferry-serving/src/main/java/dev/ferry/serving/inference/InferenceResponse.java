package dev.ferry.serving.inference;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A transport-independent inference response, outputs in the order the client asked for. */
public record InferenceResponse(
        String modelName,
        String modelVersion,
        String id,
        Map<String, Object> parameters,
        List<NamedTensor> outputs) {
    public InferenceResponse {
        parameters = Map.copyOf(parameters);
        outputs = List.copyOf(outputs);
    }

    /** The output with this name. */
    public Optional<NamedTensor> output(String name) {
        return outputs.stream().filter(o -> o.name().equals(name)).findFirst();
    }
}
