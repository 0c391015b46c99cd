package dev.ferry.ml.export;

import static dev.ferry.ml.export.OnnxProtos.batchOf;
import static dev.ferry.ml.export.OnnxProtos.integer;
import static dev.ferry.ml.export.OnnxProtos.node;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Task;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Builds the complete, self-contained ONNX model: raw inputs, the feature mapping, the learned
 * fragment and the outputs ({@value #PROBABILITIES} for classification in the label's category
 * order, {@value #PREDICTION} for regression). The bytes depend only on the arguments, so the same
 * training gives the same file.
 */
public final class OnnxModelAssembler {
    public static final String PROBABILITIES = "probabilities";
    public static final String PREDICTION = "prediction";
    private static final String RAW = "ferry_raw_features";
    private static final long IR_VERSION = 8;

    /**
     * @param metadata written as the model's metadata properties, e.g. {@link ModelMetadata} keys
     */
    public ModelProto assemble(
            FeatureLayout layout, ModelGraph fragment, SortedMap<String, String> metadata) {
        GraphProto.Builder graph = GraphProto.newBuilder().setName("ferry");
        boolean zeroMissing = fragment.featureIndex().isPresent();
        String raw = fragment.featureIndex().isPresent() ? RAW : ModelGraph.FEATURES;
        RawInputs.write(layout, zeroMissing, raw, graph);
        fragment.featureIndex()
                .ifPresent(
                        index -> {
                            long[] longs = new long[index.length];
                            for (int i = 0; i < index.length; i++) {
                                longs[i] = index[i];
                            }
                            graph.addInitializer(OnnxProtos.int64s("ferry_feature_index", longs));
                            String selected =
                                    fragment.featureScale().isPresent()
                                            ? "ferry_selected"
                                            : ModelGraph.FEATURES;
                            graph.addNode(
                                    node(
                                            "Gather",
                                            "",
                                            List.of(RAW, "ferry_feature_index"),
                                            List.of(selected),
                                            "ferry_feature_map",
                                            integer("axis", 1)));
                        });
        fragment.featureScale()
                .ifPresent(
                        scale -> {
                            graph.addInitializer(
                                    OnnxProtos.floatTensor("ferry_feature_scale", scale));
                            graph.addNode(
                                    node(
                                            "Mul",
                                            "",
                                            List.of("ferry_selected", "ferry_feature_scale"),
                                            List.of(ModelGraph.FEATURES),
                                            "ferry_feature_scale"));
                        });
        graph.addAllNode(fragment.graph().getNodeList());
        graph.addAllInitializer(fragment.graph().getInitializerList());
        String scores = ModelGraph.SCORES;
        if (fragment.softmax()) {
            graph.addNode(
                    node(
                            "Softmax",
                            "",
                            List.of(scores),
                            List.of("ferry_softmax"),
                            "ferry_softmax",
                            integer("axis", 1)));
            scores = "ferry_softmax";
        }
        String output = layout.task() == Task.CLASSIFICATION ? PROBABILITIES : PREDICTION;
        int width = layout.task() == Task.CLASSIFICATION ? layout.classes().size() : 1;
        if (fragment.outputOrder().isPresent()) {
            int[] order = fragment.outputOrder().get();
            long[] longs = new long[order.length];
            for (int i = 0; i < order.length; i++) {
                longs[i] = order[i];
            }
            graph.addInitializer(OnnxProtos.int64s("ferry_output_order", longs));
            graph.addNode(
                    node(
                            "Gather",
                            "",
                            List.of(scores, "ferry_output_order"),
                            List.of(output),
                            "ferry_output_order",
                            integer("axis", 1)));
        } else {
            graph.addNode(node("Identity", "", List.of(scores), List.of(output), "ferry_output"));
        }
        graph.addOutput(batchOf(output, TensorProto.DataType.FLOAT, width));

        Map<String, OperatorSetIdProto> opsets = new LinkedHashMap<>();
        opsets.put("", OperatorSetIdProto.newBuilder().setDomain("").setVersion(13).build());
        opsets.put(
                OnnxProtos.ML_DOMAIN,
                OperatorSetIdProto.newBuilder()
                        .setDomain(OnnxProtos.ML_DOMAIN)
                        .setVersion(3)
                        .build());
        for (OperatorSetIdProto opset : fragment.opsets()) {
            opsets.merge(
                    opset.getDomain(), opset, (a, b) -> a.getVersion() >= b.getVersion() ? a : b);
        }
        ModelProto.Builder model =
                ModelProto.newBuilder()
                        .setIrVersion(IR_VERSION)
                        .setProducerName("ferry")
                        .setDomain("dev.ferry")
                        .setModelVersion(1)
                        .setGraph(graph)
                        .addAllOpsetImport(opsets.values());
        metadata.forEach(
                (key, value) ->
                        model.addMetadataProps(
                                StringStringEntryProto.newBuilder().setKey(key).setValue(value)));
        return model.build();
    }
}
