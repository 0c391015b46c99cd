package dev.ferry.serving.runtime.xgboost;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * One booster: a single FP32 (or FP64) input of shape [-1, features] and a single FP32 output of
 * shape [-1, k] (k = 1 for regression and binary models, the class count for multi-class
 * probabilities). Names come from the declared signature, else {@code input} and {@code output}.
 */
final class XgboostModel implements LoadedModel {
    private final Booster booster;
    private final ModelSignature signature;
    private final String input;
    private final String output;
    private final int features;

    XgboostModel(Booster booster, Optional<ModelSignature> declared, Path file)
            throws XGBoostError {
        this.booster = booster;
        this.features = Math.toIntExact(booster.getNumFeature());
        if (declared.isPresent()) {
            ModelSignature s = declared.get();
            if (s.inputs().size() != 1 || s.outputs().size() != 1) {
                throw new ModelException(
                        file + ": an XGBoost model has exactly one input and one output");
            }
            this.signature = s;
        } else {
            this.signature =
                    new ModelSignature(
                            List.of(
                                    new TensorSpec(
                                            "input", DataType.FP32, List.of(-1L, (long) features))),
                            List.of(new TensorSpec("output", DataType.FP32, List.of(-1L, -1L))));
        }
        this.input = signature.inputs().getFirst().name();
        this.output = signature.outputs().getFirst().name();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        Tensor x = inputs.get(input);
        if (x == null || x.shape().size() != 2 || x.shape().get(1) != features) {
            throw new ModelException(
                    "XGBoost model needs '"
                            + input
                            + "' of shape [rows, "
                            + features
                            + "], got "
                            + (x == null ? "none" : x.shape()));
        }
        int rows = Math.toIntExact(x.shape().getFirst());
        try {
            float[][] predictions =
                    booster.inplace_predict(x.toFloatArray(), rows, features, Float.NaN);
            int k = rows == 0 ? 1 : predictions[0].length;
            float[] flat = new float[rows * k];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(predictions[r], 0, flat, r * k, k);
            }
            return Map.of(output, Tensor.ofFloats(new long[] {rows, k}, flat));
        } catch (XGBoostError e) {
            throw new ModelException("XGBoost failed: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        booster.dispose();
    }
}
