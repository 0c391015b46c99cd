package dev.ferry.api.pipeline;

/**
 * One thing wrong with a manifest: where it is and what was expected there.
 *
 * @param at the file, line and column the user should look at
 * @param message what is wrong and what was expected, without the location
 */
public record Problem(SourceLocation at, String message) {

    /**
     * The compiler-style line {@code file:line:col: error: message} that {@code ferry validate}
     * prints.
     */
    public String render() {
        return at + ": error: " + message;
    }
}
