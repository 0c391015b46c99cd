package dev.ferry.serving.inference;

import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.InvalidRequestException;
import dev.ferry.serving.tensor.Shapes;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks a request against a model's signature before it reaches a queue or a runtime, so every
 * client mistake is a precise 400 and never a model failure.
 */
public final class RequestValidator {
    private final String model;
    private final ModelSignature signature;
    private final int maxBatchSize;
    private final Map<String, TensorSpec> inputs = new LinkedHashMap<>();
    private final Map<String, TensorSpec> outputs = new LinkedHashMap<>();

    /**
     * A validator for one model version; {@code maxBatchSize > 0} means the first dimension of
     * every tensor is the batch and may not exceed it.
     */
    public RequestValidator(String model, ModelSignature signature, int maxBatchSize) {
        this.model = model;
        this.signature = signature;
        this.maxBatchSize = maxBatchSize;
        signature.inputs().forEach(s -> inputs.put(s.name(), s));
        signature.outputs().forEach(s -> outputs.put(s.name(), s));
    }

    /** The signature this validator checks against. */
    public ModelSignature signature() {
        return signature;
    }

    /**
     * Validates the request and returns its batch size (the shared first dimension), or 1 when the
     * model does not batch.
     */
    public long validate(InferenceRequest request) {
        Set<String> seen = new HashSet<>();
        long batch = -1;
        for (NamedTensor input : request.inputs()) {
            TensorSpec spec = inputs.get(input.name());
            if (spec == null) {
                throw new InvalidRequestException(
                        "model '"
                                + model
                                + "' has no input '"
                                + input.name()
                                + "'; its inputs are "
                                + inputs.keySet());
            }
            if (!seen.add(input.name())) {
                throw new InvalidRequestException(
                        "input '" + input.name() + "' is given more than once");
            }
            if (input.tensor().datatype() != spec.datatype()) {
                throw new InvalidRequestException(
                        "input '"
                                + input.name()
                                + "' is "
                                + input.tensor().datatype()
                                + " but model '"
                                + model
                                + "' expects "
                                + spec.datatype());
            }
            Shapes.checkMatches("input", input.tensor().shape(), spec);
            if (maxBatchSize > 0) {
                long rows = input.tensor().shape().getFirst();
                if (rows > maxBatchSize) {
                    throw new InvalidRequestException(
                            "input '"
                                    + input.name()
                                    + "' has a batch of "
                                    + rows
                                    + " but model '"
                                    + model
                                    + "' accepts at most "
                                    + maxBatchSize);
                }
                if (batch >= 0 && rows != batch) {
                    throw new InvalidRequestException(
                            "inputs disagree on the batch size: "
                                    + batch
                                    + " and "
                                    + rows
                                    + " (input '"
                                    + input.name()
                                    + "')");
                }
                batch = rows;
            }
        }
        for (String name : inputs.keySet()) {
            if (!seen.contains(name)) {
                throw new InvalidRequestException(
                        "model '"
                                + model
                                + "' needs input '"
                                + name
                                + "' but the request does not have it");
            }
        }
        checkOutputs(request.outputs());
        return maxBatchSize > 0 ? batch : 1;
    }

    private void checkOutputs(List<RequestedOutput> requested) {
        Set<String> seen = new HashSet<>();
        for (RequestedOutput out : requested) {
            if (!outputs.containsKey(out.name())) {
                throw new InvalidRequestException(
                        "model '"
                                + model
                                + "' has no output '"
                                + out.name()
                                + "'; its outputs are "
                                + outputs.keySet());
            }
            if (!seen.add(out.name())) {
                throw new InvalidRequestException(
                        "output '" + out.name() + "' is requested more than once");
            }
        }
    }
}
