package dev.ferry.serving.inference;

import java.util.List;
import java.util.Map;

/**
 * A transport-independent inference request. {@code id} is echoed ("" when absent); an empty {@code
 * outputs} list means every output. Parameter values are Boolean, Long, Double or String.
 */
public record InferenceRequest(
        String id,
        Map<String, Object> parameters,
        List<NamedTensor> inputs,
        List<RequestedOutput> outputs) {
    public InferenceRequest {
        parameters = Map.copyOf(parameters);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
    }

    /** A request for all outputs, with no id and no parameters. */
    public static InferenceRequest of(List<NamedTensor> inputs) {
        return new InferenceRequest("", Map.of(), inputs, List.of());
    }
}
