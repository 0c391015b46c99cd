package dev.ferry.core.expression;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.SourceLocation;

/**
 * An expression is malformed, refers to something that has no value, or combines values that do not
 * fit; names the position inside the manifest.
 */
public class ExpressionException extends ManifestException {
    public ExpressionException(SourceLocation at, String message) {
        super(at, message);
    }
}
