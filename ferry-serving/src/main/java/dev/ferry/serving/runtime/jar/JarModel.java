package dev.ferry.serving.runtime.jar;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.Model;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import java.io.IOException;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Map;

/** A loaded user model and the class loader it came from; closing releases both. */
final class JarModel implements LoadedModel {
    private final Model model;
    private final URLClassLoader loader;
    private final Path jar;
    private final ModelSignature signature;

    JarModel(Model model, URLClassLoader loader, Path jar) {
        this.model = model;
        this.loader = loader;
        this.jar = jar;
        this.signature = model.signature();
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public Map<String, Tensor> predict(Map<String, Tensor> inputs) {
        try {
            return model.predict(inputs);
        } catch (ModelException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ModelException("the model in " + jar + " failed: " + e, e);
        }
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            try {
                loader.close();
            } catch (IOException e) {
                throw new ModelException(
                        "cannot close the class loader of " + jar + ": " + e.getMessage(), e);
            }
        }
    }
}
