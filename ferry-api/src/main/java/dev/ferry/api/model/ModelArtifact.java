package dev.ferry.api.model;

import dev.ferry.api.artifact.Digest;
import java.util.Objects;

/**
 * One stored file of a model version.
 *
 * @param name the artifact's name (e.g. {@code model})
 * @param digest its content address in the artifact store
 * @param format how to load it: {@link #ONNX}, {@link #XGBOOST_UBJ}, or another runtime's name
 */
public record ModelArtifact(String name, Digest digest, String format) {
    /** An ONNX model file ({@code model.onnx}). */
    public static final String ONNX = "onnx";

    /** An XGBoost booster in universal binary JSON ({@code model.ubj}). */
    public static final String XGBOOST_UBJ = "xgboost-ubj";

    public ModelArtifact {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(format, "format");
    }
}
