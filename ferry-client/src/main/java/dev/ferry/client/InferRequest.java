package dev.ferry.client;

import dev.ferry.api.model.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SequencedMap;

/**
 * One inference call: named inputs (sent in this order), and optionally the outputs wanted (all
 * when empty) and a request id the server echoes (none when empty).
 */
public record InferRequest(
        ModelTarget model, String id, SequencedMap<String, Tensor> inputs, List<String> outputs) {
    public InferRequest {
        id = id == null ? "" : id;
        inputs = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(inputs));
        outputs = List.copyOf(outputs);
    }

    /** A request for every output of the model. */
    public static InferRequest of(ModelTarget model, Map<String, Tensor> inputs) {
        return new InferRequest(model, "", new LinkedHashMap<>(inputs), List.of());
    }

    /** The same request for another model. */
    public InferRequest withModel(String name) {
        return new InferRequest(ModelTarget.of(name), id, inputs, outputs);
    }

    /** The same request with an id. */
    public InferRequest withId(String newId) {
        return new InferRequest(model, newId, inputs, outputs);
    }

    /** The same request asking only for the named outputs. */
    public InferRequest withOutputs(String... names) {
        return new InferRequest(model, id, inputs, List.of(names));
    }
}
