package dev.ferry.api.pipeline;

/** A place in a manifest file, 1-based, for error messages a user can jump to. */
public record SourceLocation(String file, int line, int column) {

    /** For values built in code rather than read from a file. */
    public static SourceLocation unknown(String file) {
        return new SourceLocation(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
