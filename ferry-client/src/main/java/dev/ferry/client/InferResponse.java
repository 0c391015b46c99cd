package dev.ferry.client;

import dev.ferry.api.model.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Optional;
import java.util.SequencedMap;

/**
 * A server's answer to an inference call: outputs by name in the order the server sent them, and
 * the response's protocol parameters (Boolean, Long, Double or String values).
 */
public record InferResponse(
        String modelName,
        String modelVersion,
        String id,
        SequencedMap<String, Tensor> outputs,
        SequencedMap<String, Object> parameters) {
    /** The response parameter a Ferry deployment sets to the predictor that answered. */
    public static final String PREDICTOR_PARAMETER = "predictor";

    public InferResponse {
        outputs = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(outputs));
        parameters = Collections.unmodifiableSequencedMap(new LinkedHashMap<>(parameters));
    }

    /** A response without parameters. */
    public InferResponse(
            String modelName,
            String modelVersion,
            String id,
            SequencedMap<String, Tensor> outputs) {
        this(modelName, modelVersion, id, outputs, new LinkedHashMap<>());
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

    /** The named response parameter, if the server sent it. */
    public Optional<Object> parameter(String name) {
        return Optional.ofNullable(parameters.get(name));
    }

    /**
     * The deployment predictor that answered (e.g. {@code stable}, {@code canary}); empty when the
     * request did not go through a deployment.
     */
    public Optional<String> predictor() {
        return parameter(PREDICTOR_PARAMETER).map(Object::toString);
    }
}
