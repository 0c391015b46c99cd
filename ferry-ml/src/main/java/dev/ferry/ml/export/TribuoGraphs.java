package dev.ferry.ml.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import dev.ferry.ml.train.FeatureLayout;
import dev.ferry.ml.train.Task;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tribuo.ImmutableFeatureMap;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Model;
import org.tribuo.ONNXExportable;
import org.tribuo.Output;
import org.tribuo.classification.Label;
import org.tribuo.util.onnx.ONNXContext;
import org.tribuo.util.onnx.ONNXOperators;
import org.tribuo.util.onnx.ONNXPlaceholder;

/**
 * Turns a Tribuo model into a {@link ModelGraph} with Tribuo's own ONNX writer. Tribuo's graph
 * reads only the features it saw during training, in its own order, so the fragment carries the
 * index of each one in the raw feature vector; classes are reordered to the label's categories.
 */
public final class TribuoGraphs {

    /** The fragment of a model trained on unscaled features. */
    public ModelGraph fragment(Model<? extends Output<?>> model, FeatureLayout layout) {
        return fragment(model, layout, Optional.empty());
    }

    /**
     * The fragment of a model trained on features multiplied by {@code rawScale} (one factor per
     * raw feature), so the graph applies the same factors.
     */
    public ModelGraph fragment(
            Model<? extends Output<?>> model, FeatureLayout layout, Optional<float[]> rawScale) {
        if (!(model instanceof ONNXExportable exportable)) {
            throw new ExportException(
                    model.getClass().getSimpleName() + " cannot be exported to ONNX by Tribuo");
        }
        ImmutableFeatureMap features = model.getFeatureIDMap();
        ImmutableOutputInfo<? extends Output<?>> outputs = model.getOutputIDInfo();
        ONNXContext context = new ONNXContext();
        context.setName("tribuo");
        ONNXPlaceholder input = context.floatInput(ModelGraph.FEATURES, features.size());
        exportable
                .writeONNXGraph(input)
                .assignTo(context.floatOutput(ModelGraph.SCORES, outputs.size()));
        GraphProto graph = context.buildGraph();

        String[] names = layout.featureNames();
        Map<String, Integer> rawIndex = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            rawIndex.put(names[i], i);
        }
        int[] featureIndex = new int[features.size()];
        for (int id = 0; id < features.size(); id++) {
            String name = features.get(id).getName();
            Integer raw = rawIndex.get(name);
            if (raw == null) {
                throw new ExportException(
                        "the model uses feature '" + name + "' which the dataset layout lacks");
            }
            featureIndex[id] = raw;
        }
        Optional<float[]> scale =
                rawScale.map(
                        factors -> {
                            float[] selected = new float[featureIndex.length];
                            for (int i = 0; i < featureIndex.length; i++) {
                                selected[i] = factors[featureIndex[i]];
                            }
                            return selected;
                        });
        Optional<int[]> order = Optional.empty();
        if (layout.task() == Task.CLASSIFICATION) {
            List<String> classes = layout.classes();
            int[] ids = new int[classes.size()];
            @SuppressWarnings("unchecked")
            ImmutableOutputInfo<Label> labels = (ImmutableOutputInfo<Label>) outputs;
            for (int c = 0; c < classes.size(); c++) {
                ids[c] = labels.getID(new Label(classes.get(c)));
                if (ids[c] < 0) {
                    throw new ExportException(
                            "class '"
                                    + classes.get(c)
                                    + "' of label '"
                                    + layout.label().name()
                                    + "' has no training rows; add rows of it or remove it from"
                                    + " the label's categories");
                }
            }
            order = Optional.of(ids);
        }
        return new ModelGraph(
                graph,
                features.size(),
                Optional.of(featureIndex),
                scale,
                order,
                false,
                List.of(ONNXOperators.getOpsetProto()));
    }
}
