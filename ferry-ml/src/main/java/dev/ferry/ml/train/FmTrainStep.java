package dev.ferry.ml.train;

import java.util.Set;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.sgd.fm.FMRegressionTrainer;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * {@code ferry/train-fm}: a factorization machine (pairwise feature interactions of rank {@code
 * factors}) for classification or regression; Tribuo's SGD with AdaGrad.
 */
public final class FmTrainStep extends SgdTrainStep {

    @Override
    public String name() {
        return "ferry/train-fm";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    Set<String> extraInputs() {
        return Set.of("factors", "variance");
    }

    @Override
    Trainer<? extends Output<?>> trainer(Task task, SgdSettings s, Hyperparameters params) {
        int factors = params.count("factors", 10, 1);
        double variance = params.positive("variance", 0.1);
        AdaGrad optimiser = new AdaGrad(s.learningRate(), 0.1);
        return switch (task) {
            case CLASSIFICATION ->
                    new FMClassificationTrainer(
                            new LogMulticlass(),
                            optimiser,
                            s.epochs(),
                            s.loggingInterval(),
                            s.minibatch(),
                            s.seed(),
                            factors,
                            variance);
            case REGRESSION ->
                    new FMRegressionTrainer(
                            new SquaredLoss(),
                            optimiser,
                            s.epochs(),
                            s.loggingInterval(),
                            s.minibatch(),
                            s.seed(),
                            factors,
                            variance,
                            false);
        };
    }
}
