package dev.ferry.serving.repository;

import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A model's serving configuration, from {@code config.pbtxt} or defaults. Tensor dims exclude the
 * batch dimension, as in Triton; {@link #declaredSignature()} adds it.
 *
 * @param runtime the platform or backend name, empty to pick by the files present
 * @param maxBatchSize 0 when the model does not batch; otherwise the first dim is the batch
 * @param inputs declared inputs, empty to read them from the model
 * @param instanceCount how many instances run in parallel
 * @param parameters free-form parameters, e.g. {@code intra_op_thread_count}
 * @param defaultModelFilename the model file inside a version directory, if not the default
 */
public record ModelConfig(
        String name,
        Optional<String> runtime,
        int maxBatchSize,
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        VersionPolicy versionPolicy,
        Optional<BatchingConfig> batching,
        int instanceCount,
        Map<String, String> parameters,
        Optional<String> defaultModelFilename) {

    public ModelConfig {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        parameters = Map.copyOf(parameters);
    }

    /** The configuration of a model directory without {@code config.pbtxt}. */
    public static ModelConfig defaults(String name) {
        return new ModelConfig(
                name,
                Optional.empty(),
                0,
                List.of(),
                List.of(),
                new VersionPolicy.Latest(1),
                Optional.empty(),
                1,
                Map.of(),
                Optional.empty());
    }

    /**
     * The signature the configuration declares, with -1 for the batch dimension, or empty when the
     * configuration leaves inputs or outputs to the model.
     */
    public Optional<ModelSignature> declaredSignature() {
        if (inputs.isEmpty() || outputs.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ModelSignature(withBatch(inputs), withBatch(outputs)));
    }

    private List<TensorSpec> withBatch(List<TensorSpec> specs) {
        if (maxBatchSize <= 0) {
            return specs;
        }
        List<TensorSpec> out = new ArrayList<>();
        for (TensorSpec s : specs) {
            List<Long> shape = new ArrayList<>();
            shape.add(-1L);
            shape.addAll(s.shape());
            out.add(new TensorSpec(s.name(), s.datatype(), shape));
        }
        return out;
    }

    /** Dynamic batching settings (Triton's {@code dynamic_batching}). */
    public record BatchingConfig(
            List<Integer> preferredBatchSizes,
            long maxQueueDelayMicros,
            int maxQueueSize,
            long defaultTimeoutMicros) {
        public BatchingConfig {
            preferredBatchSizes = List.copyOf(preferredBatchSizes);
        }
    }
}
