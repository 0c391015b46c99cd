package dev.ferry.ml.train;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.export.ModelMetadata;
import dev.ferry.ml.export.OnnxModelAssembler;
import dev.ferry.ml.export.TribuoGraphs;
import java.util.Map;
import java.util.Set;
import org.tribuo.Model;
import org.tribuo.Output;
import org.tribuo.Trainer;

/**
 * Shared shape of the Tribuo SGD trainers (linear and factorization machine): read the {@code
 * train} dataset, train with a seeded AdaGrad, report the loss after every epoch, export ONNX.
 */
abstract class SgdTrainStep implements Step {
    private static final Set<String> COMMON =
            Set.of("learning_rate", "epochs", "seed", "minibatch");

    /** Inputs this trainer accepts besides the common ones. */
    abstract Set<String> extraInputs();

    /** The trainer for this task, logging once per {@code epochRows} examples. */
    abstract Trainer<? extends Output<?>> trainer(
            Task task, SgdSettings settings, Hyperparameters params);

    @Override
    public StepSignature signature() {
        java.util.HashSet<String> optional = new java.util.HashSet<>(COMMON);
        optional.addAll(extraInputs());
        return new StepSignature(Set.of("train"), optional, Set.of(ModelFiles.MODEL));
    }

    @Override
    public void execute(StepContext context) {
        Dataset data = new DatasetReader().read(context.path("train"));
        FeatureLayout layout = FeatureLayout.of(data);
        Hyperparameters params = new Hyperparameters(context);
        SgdSettings settings =
                new SgdSettings(
                        params.positive("learning_rate", 0.05),
                        params.count("epochs", 5, 1),
                        params.count("minibatch", 1, 1),
                        params.seed(),
                        data.rows());
        Trainer<? extends Output<?>> trainer = trainer(layout.task(), settings, params);
        TribuoDatasets converter = new TribuoDatasets();
        float[] scale = TribuoDatasets.maxAbsScale(data, layout);
        org.tribuo.Dataset<? extends Output<?>> tribuoData =
                layout.task() == Task.CLASSIFICATION
                        ? converter.classification(data, layout, scale)
                        : converter.regression(data, layout, scale);
        long start = System.nanoTime();
        Model<? extends Output<?>> model;
        EpochLossRecorder recorder;
        int[] epoch = {0};
        try (EpochLossRecorder r =
                new EpochLossRecorder(loss -> context.metric("train_loss", loss, ++epoch[0]))) {
            recorder = r;
            model = train(trainer, tribuoData);
        }
        ModelFiles.reportCost(context, start, data.rows(), settings.epochs());
        ModelMetadata metadata =
                new ModelMetadata(
                        layout.task(),
                        layout.classes(),
                        name(),
                        params.used(),
                        Map.of("train_loss", recorder.losses()));
        ModelProto proto =
                new OnnxModelAssembler()
                        .assemble(
                                layout,
                                new TribuoGraphs()
                                        .fragment(model, layout, java.util.Optional.of(scale)),
                                metadata.toProperties());
        ModelFiles.writeOnnx(context, proto);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Model<? extends Output<?>> train(
            Trainer trainer, org.tribuo.Dataset<? extends Output<?>> data) {
        return trainer.train(data);
    }

    /**
     * The settings every SGD trainer shares.
     *
     * @param epochRows examples per epoch: the logging interval that yields one loss per epoch
     */
    record SgdSettings(double learningRate, int epochs, int minibatch, long seed, int epochRows) {
        /** Tribuo logs every N updates; one update per minibatch. */
        int loggingInterval() {
            return Math.max(1, (epochRows + minibatch - 1) / minibatch);
        }
    }
}
