package dev.ferry.serving.runtime.xgboost;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelRuntime;
import dev.ferry.api.model.ModelSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * XGBoost boosters served natively ({@code model.ubj}, the universal binary JSON format the
 * training steps write, or {@code model.json}), since tree ensembles do not export to ONNX here.
 */
public final class XgboostModelRuntime implements ModelRuntime {
    static final String[] FILES = {"model.ubj", "model.json"};

    @Override
    public String name() {
        return "xgboost";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("xgboost-ubj", "fil");
    }

    @Override
    public boolean accepts(ModelSource source) {
        return file(source) != null;
    }

    @Override
    public LoadedModel load(ModelSource source) {
        Path file = file(source);
        if (file == null) {
            throw new ModelException(
                    "no XGBoost model (model.ubj or model.json) in " + source.directory());
        }
        try {
            Booster booster = XGBoost.loadModel(file.toString());
            try {
                return new XgboostModel(booster, source.declaredSignature(), file);
            } catch (RuntimeException | XGBoostError e) {
                booster.dispose();
                throw e;
            }
        } catch (XGBoostError e) {
            throw new ModelException("XGBoost cannot load " + file + ": " + e.getMessage(), e);
        }
    }

    private static Path file(ModelSource source) {
        var named = source.parameter("default_model_filename");
        if (named.isPresent()) {
            Path p = source.directory().resolve(named.get());
            return Files.isRegularFile(p) ? p : null;
        }
        for (String f : FILES) {
            Path p = source.directory().resolve(f);
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        return null;
    }
}
