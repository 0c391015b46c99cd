package dev.ferry.ml.export;

import static dev.ferry.ml.export.OnnxProtos.floats;
import static dev.ferry.ml.export.OnnxProtos.integer;
import static dev.ferry.ml.export.OnnxProtos.integers;
import static dev.ferry.ml.export.OnnxProtos.node;
import static dev.ferry.ml.export.OnnxProtos.text;
import static dev.ferry.ml.export.OnnxProtos.texts;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Task;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * Writes an XGBoost booster as an ONNX-ML {@code TreeEnsembleRegressor} (one target per class,
 * summed leaf weights plus the base score) read from the booster's own JSON model, followed by a
 * softmax for classification. XGBoost sends a value left when it is below the split condition and
 * sends missing values the default way; the graph does the same with {@code BRANCH_LT} and {@code
 * nodes_missing_value_tracks_true}.
 */
public final class XGBoostGraphs {

    public ModelGraph fragment(Booster booster, FeatureLayout layout) {
        JsonNode root;
        try {
            root = new ObjectMapper().readTree(booster.toByteArray("json"));
        } catch (XGBoostError | IOException e) {
            throw new ExportException(
                    "cannot read the XGBoost model as JSON: " + e.getMessage(), e);
        }
        JsonNode learner = root.path("learner");
        JsonNode model = learner.path("gradient_booster").path("model");
        int targets = layout.task() == Task.CLASSIFICATION ? layout.classes().size() : 1;
        float base =
                baseScore(learner.path("learner_model_param").path("base_score").asText("0.5"));

        List<Long> treeIds = new ArrayList<>();
        List<Long> nodeIds = new ArrayList<>();
        List<Long> featureIds = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        List<String> modes = new ArrayList<>();
        List<Long> trueIds = new ArrayList<>();
        List<Long> falseIds = new ArrayList<>();
        List<Long> missingTrue = new ArrayList<>();
        List<Long> targetTree = new ArrayList<>();
        List<Long> targetNode = new ArrayList<>();
        List<Long> targetIds = new ArrayList<>();
        List<Float> targetWeights = new ArrayList<>();
        JsonNode trees = model.path("trees");
        JsonNode info = model.path("tree_info");
        if (!trees.isArray() || trees.isEmpty()) {
            throw new ExportException("the XGBoost model has no trees");
        }
        for (int t = 0; t < trees.size(); t++) {
            JsonNode tree = trees.get(t);
            JsonNode left = tree.path("left_children");
            JsonNode right = tree.path("right_children");
            JsonNode split = tree.path("split_indices");
            JsonNode condition = tree.path("split_conditions");
            JsonNode defaultLeft = tree.path("default_left");
            long target = info.path(t).asLong(0);
            for (int n = 0; n < left.size(); n++) {
                treeIds.add((long) t);
                nodeIds.add((long) n);
                boolean leaf = left.get(n).asInt() == -1;
                if (leaf) {
                    featureIds.add(0L);
                    values.add(0f);
                    modes.add("LEAF");
                    trueIds.add(0L);
                    falseIds.add(0L);
                    missingTrue.add(0L);
                    targetTree.add((long) t);
                    targetNode.add((long) n);
                    targetIds.add(target);
                    targetWeights.add((float) condition.get(n).asDouble());
                } else {
                    featureIds.add(split.get(n).asLong());
                    values.add((float) condition.get(n).asDouble());
                    modes.add("BRANCH_LT");
                    trueIds.add(left.get(n).asLong());
                    falseIds.add(right.get(n).asLong());
                    missingTrue.add(defaultLeft.get(n).asInt() != 0 ? 1L : 0L);
                }
            }
        }
        float[] baseValues = new float[targets];
        java.util.Arrays.fill(baseValues, base);
        GraphProto graph =
                GraphProto.newBuilder()
                        .addNode(
                                node(
                                        "TreeEnsembleRegressor",
                                        OnnxProtos.ML_DOMAIN,
                                        List.of(ModelGraph.FEATURES),
                                        List.of(ModelGraph.SCORES),
                                        "xgboost_trees",
                                        integers("nodes_treeids", longs(treeIds)),
                                        integers("nodes_nodeids", longs(nodeIds)),
                                        integers("nodes_featureids", longs(featureIds)),
                                        floats("nodes_values", toArray(values)),
                                        texts("nodes_modes", modes),
                                        integers("nodes_truenodeids", longs(trueIds)),
                                        integers("nodes_falsenodeids", longs(falseIds)),
                                        integers(
                                                "nodes_missing_value_tracks_true",
                                                longs(missingTrue)),
                                        integers("target_treeids", longs(targetTree)),
                                        integers("target_nodeids", longs(targetNode)),
                                        integers("target_ids", longs(targetIds)),
                                        floats("target_weights", toArray(targetWeights)),
                                        integer("n_targets", targets),
                                        text("aggregate_function", "SUM"),
                                        text("post_transform", "NONE"),
                                        floats("base_values", baseValues)))
                        .build();
        return new ModelGraph(
                graph,
                layout.width(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                layout.task() == Task.CLASSIFICATION,
                List.of(
                        OperatorSetIdProto.newBuilder()
                                .setDomain(OnnxProtos.ML_DOMAIN)
                                .setVersion(3)
                                .build()));
    }

    /** XGBoost writes the base score as {@code 5E-1} or, in newer versions, {@code [5E-1]}. */
    static float baseScore(String text) {
        String trimmed = text.replace("[", "").replace("]", "").split(",")[0].trim();
        return Float.parseFloat(trimmed);
    }

    private static long[] longs(List<Long> values) {
        return values.stream().mapToLong(Long::longValue).toArray();
    }

    private static float[] toArray(List<Float> values) {
        float[] out = new float[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = values.get(i);
        }
        return out;
    }
}
