package dev.ferry.ml.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ferry/train-xgboost}: gradient-boosted trees (XGBoost, histogram method) for a category
 * label (softmax over classes) or a number label (squared error).
 */
public final class XGBoostTrainStep extends BoosterTrainStep {

    @Override
    public String name() {
        return "ferry/train-xgboost";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    Set<String> inputs() {
        return Set.of("learning_rate", "rounds", "max_depth", "subsample", "colsample_bytree");
    }

    @Override
    int rounds(Hyperparameters params) {
        return params.count("rounds", 50, 1);
    }

    @Override
    Map<String, Object> boosterParams(Hyperparameters params) {
        Map<String, Object> p = new HashMap<>();
        p.put("eta", params.positive("learning_rate", 0.3));
        p.put("max_depth", params.count("max_depth", 6, 1));
        p.put("subsample", params.between("subsample", 1.0, 0.01, 1.0));
        p.put("colsample_bytree", params.between("colsample_bytree", 1.0, 0.01, 1.0));
        return p;
    }
}
