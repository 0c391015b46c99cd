package dev.ferry.ml.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import java.util.List;
import java.util.Optional;

/**
 * The learned part of a model as an ONNX graph fragment: it reads the tensor {@value #FEATURES}
 * ([batch, n] FP32) and writes {@value #SCORES} ([batch, outputs] FP32).
 *
 * @param graph nodes and initializers (inputs and outputs are ignored)
 * @param featureCount n, the features the fragment reads
 * @param featureIndex for each of the n features, its index in the flat raw feature vector; empty
 *     when the fragment reads the raw vector itself
 * @param featureScale for each of the n features, the factor it is multiplied by before the
 *     fragment reads it (the scaling training used); empty for none
 * @param outputOrder for each output column, which score column it is; empty when in order
 * @param softmax whether scores are margins that still need a softmax
 * @param opsets the operator sets the fragment uses
 */
public record ModelGraph(
        GraphProto graph,
        int featureCount,
        Optional<int[]> featureIndex,
        Optional<float[]> featureScale,
        Optional<int[]> outputOrder,
        boolean softmax,
        List<OperatorSetIdProto> opsets) {
    public static final String FEATURES = "features";
    public static final String SCORES = "scores";

    public ModelGraph {
        opsets = List.copyOf(opsets);
    }
}
