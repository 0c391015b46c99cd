package dev.ferry.core.expression;

import dev.ferry.api.pipeline.SourceLocation;

/** A reference together with where it is written, for error messages. */
public record ReferenceSite(Reference reference, SourceLocation at) {}
