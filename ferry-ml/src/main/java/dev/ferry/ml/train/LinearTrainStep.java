package dev.ferry.ml.train;

import java.util.Set;
import org.tribuo.Output;
import org.tribuo.Trainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.regression.sgd.objectives.SquaredLoss;

/**
 * {@code ferry/train-linear}: logistic regression (binary or multinomial) for a category label,
 * linear least squares for a number label; Tribuo's SGD with AdaGrad.
 */
public final class LinearTrainStep extends SgdTrainStep {

    @Override
    public String name() {
        return "ferry/train-linear";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    Set<String> extraInputs() {
        return Set.of();
    }

    @Override
    Trainer<? extends Output<?>> trainer(Task task, SgdSettings s, Hyperparameters params) {
        AdaGrad optimiser = new AdaGrad(s.learningRate(), 0.1);
        return switch (task) {
            case CLASSIFICATION ->
                    new org.tribuo.classification.sgd.linear.LinearSGDTrainer(
                            new LogMulticlass(),
                            optimiser,
                            s.epochs(),
                            s.loggingInterval(),
                            s.minibatch(),
                            s.seed());
            case REGRESSION ->
                    new org.tribuo.regression.sgd.linear.LinearSGDTrainer(
                            new SquaredLoss(),
                            optimiser,
                            s.epochs(),
                            s.loggingInterval(),
                            s.minibatch(),
                            s.seed());
        };
    }
}
