package dev.ferry.ml.ingest;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits ARFF text on a separator, honouring single and double quotes and backslash escapes. Quoted
 * tokens come back without their quotes; {@link Token#quoted()} says a token was quoted (so a
 * quoted {@code '?'} is a value, not a missing one).
 */
final class ArffTokens {
    /** One token and whether it was quoted. */
    record Token(String text, boolean quoted) {}

    private ArffTokens() {}

    /** Splits on commas (and surrounding whitespace). Returns empty for a blank line. */
    static List<Token> split(String text, String where) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        int n = text.length();
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                if (!tokens.isEmpty()) {
                    tokens.add(new Token("", false));
                }
                return tokens;
            }
            StringBuilder token = new StringBuilder();
            boolean quoted = false;
            char c = text.charAt(i);
            if (c == '\'' || c == '"') {
                quoted = true;
                i++;
                boolean closed = false;
                while (i < n) {
                    char d = text.charAt(i++);
                    if (d == '\\' && i < n) {
                        token.append(text.charAt(i++));
                    } else if (d == c) {
                        closed = true;
                        break;
                    } else {
                        token.append(d);
                    }
                }
                if (!closed) {
                    throw new ArffSyntaxException(where + ": a quote " + c + " is not closed");
                }
                while (i < n && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
            } else {
                while (i < n && text.charAt(i) != ',') {
                    token.append(text.charAt(i++));
                }
            }
            tokens.add(new Token(quoted ? token.toString() : token.toString().strip(), quoted));
            if (i >= n) {
                return tokens;
            }
            if (text.charAt(i) != ',') {
                throw new ArffSyntaxException(
                        where
                                + ": expected a comma after "
                                + c
                                + token
                                + c
                                + " but found '"
                                + text.charAt(i)
                                + "'");
            }
            i++;
        }
    }

    /**
     * Reads one name (quoted or a bare word) from the start of {@code text}; returns it and the
     * rest.
     */
    static String[] nameAndRest(String text, String where) {
        String trimmed = text.strip();
        if (trimmed.isEmpty()) {
            throw new ArffSyntaxException(where + ": expected a name");
        }
        char c = trimmed.charAt(0);
        if (c == '\'' || c == '"') {
            int end = trimmed.indexOf(c, 1);
            while (end > 0 && trimmed.charAt(end - 1) == '\\') {
                end = trimmed.indexOf(c, end + 1);
            }
            if (end < 0) {
                throw new ArffSyntaxException(where + ": a quote " + c + " is not closed");
            }
            return new String[] {
                trimmed.substring(1, end).replace("\\" + c, String.valueOf(c)),
                trimmed.substring(end + 1).strip()
            };
        }
        int end = 0;
        while (end < trimmed.length()
                && !Character.isWhitespace(trimmed.charAt(end))
                && trimmed.charAt(end) != '{') {
            end++;
        }
        return new String[] {trimmed.substring(0, end), trimmed.substring(end).strip()};
    }
}
