package dev.ferry.api.model;

import java.nio.file.Path;
import java.util.Map;

/**
 * A model written in Java. Put a class implementing it in a jar, list it in {@code
 * META-INF/services/dev.ferry.api.model.Model}, and place the jar as {@code
 * <repository>/<model>/<version>/model.jar}: the server loads it with no server code. The class
 * needs a public no-argument constructor.
 */
public interface Model extends AutoCloseable {

    /** Reads whatever the model needs from its version directory; called once before use. */
    void load(Path versionDirectory);

    /** The inputs and outputs, with -1 for variable dimensions. */
    ModelSignature signature();

    /** Computes all outputs from inputs that match the signature. */
    Map<String, Tensor> predict(Map<String, Tensor> inputs);

    /** Frees resources; the default does nothing. */
    @Override
    default void close() {}
}
