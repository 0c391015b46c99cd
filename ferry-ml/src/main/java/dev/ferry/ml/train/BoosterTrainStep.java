package dev.ferry.ml.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.export.ModelMetadata;
import dev.ferry.ml.export.OnnxModelAssembler;
import dev.ferry.ml.export.XGBoostGraphs;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import ml.dmlc.xgboost4j.java.Booster;

/**
 * Shared shape of the XGBoost trainers (boosting and random forest): read {@code train}, train
 * round by round with per-round metrics, export the trees as ONNX.
 */
abstract class BoosterTrainStep implements Step {

    /** Inputs this trainer accepts besides {@code train} and {@code seed}. */
    abstract Set<String> inputs();

    /** Rounds to train. */
    abstract int rounds(Hyperparameters params);

    /** XGBoost parameters from the step's inputs. */
    abstract Map<String, Object> boosterParams(Hyperparameters params);

    @Override
    public StepSignature signature() {
        Set<String> optional = new HashSet<>(inputs());
        optional.add("seed");
        return new StepSignature(Set.of("train"), optional, Set.of(ModelFiles.MODEL));
    }

    @Override
    public void execute(StepContext context) {
        Dataset data = new DatasetReader().read(context.path("train"));
        if (data.rows() == 0) {
            throw new TrainingException("the training dataset has no rows");
        }
        FeatureLayout layout = FeatureLayout.of(data);
        Hyperparameters params = new Hyperparameters(context);
        Map<String, Object> booster = boosterParams(params);
        int rounds = rounds(params);
        long seed = params.seed();
        Map<String, List<Double>> curves = new TreeMap<>();
        long start = System.nanoTime();
        Booster trained =
                new BoosterTraining()
                        .train(
                                layout,
                                layout.matrix(data),
                                BoosterTraining.labels(layout, data),
                                booster,
                                seed,
                                rounds,
                                (name, value, round) -> {
                                    curves.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
                                    context.metric(name, value, round);
                                });
        try {
            ModelFiles.reportCost(context, start, data.rows(), rounds);
            ModelMetadata metadata =
                    new ModelMetadata(
                            layout.task(), layout.classes(), name(), params.used(), curves);
            ModelProto proto =
                    new OnnxModelAssembler()
                            .assemble(
                                    layout,
                                    new XGBoostGraphs().fragment(trained, layout),
                                    metadata.toProperties());
            ModelFiles.writeOnnx(context, proto);
        } finally {
            trained.dispose();
        }
    }
}
