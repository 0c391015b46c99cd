package dev.ferry.core.expression;

import dev.ferry.api.pipeline.SourceLocation;

/** A template's text and where its first character sits in the manifest, to locate offsets. */
record SourceText(String raw, SourceLocation start) {

    SourceLocation at(int offset) {
        if (start.line() <= 0) {
            return start;
        }
        int line = start.line();
        int column = start.column();
        for (int i = 0; i < offset && i < raw.length(); i++) {
            if (raw.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new SourceLocation(start.file(), line, column);
    }

    ExpressionException error(int offset, String message) {
        return new ExpressionException(at(offset), message);
    }
}
