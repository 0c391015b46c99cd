package dev.ferry.ml.export;

import static dev.ferry.ml.export.OnnxProtos.ML_DOMAIN;
import static dev.ferry.ml.export.OnnxProtos.batchOf;
import static dev.ferry.ml.export.OnnxProtos.integer;
import static dev.ferry.ml.export.OnnxProtos.node;
import static dev.ferry.ml.export.OnnxProtos.texts;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.ColumnType;
import dev.ferry.ml.train.FeatureLayout;
import java.util.ArrayList;
import java.util.List;

/**
 * The front of every exported graph: one input per raw feature column (tensor and number columns as
 * FP32, category columns as strings), turned into the flat feature vector {@link FeatureLayout}
 * describes. This is what lets a served model take the same raw input the pipeline ingested.
 */
final class RawInputs {
    private RawInputs() {}

    /**
     * Adds the inputs and the nodes that produce {@code output} ([batch, layout.width()] FP32).
     *
     * @param zeroMissing replace NaN numbers by 0 (for models trained with missing as absent)
     */
    static void write(
            FeatureLayout layout, boolean zeroMissing, String output, GraphProto.Builder graph) {
        List<String> parts = new ArrayList<>();
        for (ColumnSpec spec : layout.inputs()) {
            String name = spec.name();
            switch (spec.type()) {
                case TENSOR -> {
                    graph.addInput(batchOf(name, TensorProto.DataType.FLOAT, spec.width()));
                    parts.add(name);
                }
                case NUMBER -> {
                    graph.addInput(batchOf(name, TensorProto.DataType.FLOAT, 1));
                    if (zeroMissing) {
                        String nan = "ferry_isnan_" + name;
                        String filled = "ferry_filled_" + name;
                        graph.addNode(node("IsNaN", "", List.of(name), List.of(nan), nan));
                        graph.addNode(
                                node(
                                        "Where",
                                        "",
                                        List.of(nan, Constants.ZERO, name),
                                        List.of(filled),
                                        filled));
                        parts.add(filled);
                    } else {
                        parts.add(name);
                    }
                }
                case CATEGORY -> {
                    graph.addInput(batchOf(name, TensorProto.DataType.STRING, 1));
                    String hot = "ferry_onehot_" + name;
                    String flat = "ferry_flat_" + name;
                    graph.addNode(
                            node(
                                    "OneHotEncoder",
                                    ML_DOMAIN,
                                    List.of(name),
                                    List.of(hot),
                                    hot,
                                    texts("cats_strings", spec.categories()),
                                    integer("zeros", 1)));
                    graph.addNode(
                            node(
                                    "Reshape",
                                    "",
                                    List.of(hot, Constants.shapeName(name)),
                                    List.of(flat),
                                    flat));
                    graph.addInitializer(Constants.shape(name, spec.categories().size()));
                    parts.add(flat);
                }
                default ->
                        throw new ExportException(
                                "column '"
                                        + name
                                        + "' ("
                                        + spec.describeType()
                                        + ") cannot be a model input");
            }
        }
        if (zeroMissing && layout.inputs().stream().anyMatch(s -> s.type() == ColumnType.NUMBER)) {
            graph.addInitializer(OnnxProtos.scalar(Constants.ZERO, 0f));
        }
        if (parts.size() == 1) {
            graph.addNode(node("Identity", "", parts, List.of(output), "ferry_features"));
        } else {
            graph.addNode(
                    node(
                            "Concat",
                            "",
                            parts,
                            List.of(output),
                            "ferry_features",
                            integer("axis", 1)));
        }
    }

    /** Names and builds the constant tensors the front uses. */
    private static final class Constants {
        static final String ZERO = "ferry_zero";

        static String shapeName(String column) {
            return "ferry_shape_" + column;
        }

        static TensorProto shape(String column, int width) {
            return OnnxProtos.int64s(shapeName(column), new long[] {-1, width});
        }
    }
}
