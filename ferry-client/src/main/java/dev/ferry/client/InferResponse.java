package dev.ferry.client;

import dev.ferry.api.model.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.SequencedMap;

/** A server's answer to an inference call, outputs by name in the order the server sent them. */
public record InferResponse(
        String modelName, String modelVersion, String id, SequencedMap<String, Tensor> outputs) {
    public InferResponse {
        outputs = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(outputs));
    }

    /** The named output; fails with the names present when it is missing. */
    public Tensor output(String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException(
                    "no output '%s' in the response; it has %s".formatted(name, outputs.keySet()));
        }
        return t;
    }
}
