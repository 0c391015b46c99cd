package dev.ferry.ml.train;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code ferry/train-trees}: a random forest ({@code trees} trees grown in one XGBoost round on row
 * and column samples) for classification or regression.
 */
public final class TreesTrainStep extends BoosterTrainStep {

    @Override
    public String name() {
        return "ferry/train-trees";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    Set<String> inputs() {
        return Set.of("trees", "max_depth", "subsample", "colsample_bynode");
    }

    @Override
    int rounds(Hyperparameters params) {
        return 1;
    }

    @Override
    Map<String, Object> boosterParams(Hyperparameters params) {
        Map<String, Object> p = new HashMap<>();
        p.put("eta", 1.0);
        p.put("num_parallel_tree", params.count("trees", 100, 1));
        p.put("max_depth", params.count("max_depth", 8, 1));
        p.put("subsample", params.between("subsample", 0.8, 0.01, 1.0));
        p.put("colsample_bynode", params.between("colsample_bynode", 0.8, 0.01, 1.0));
        return p;
    }
}
