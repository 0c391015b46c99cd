package dev.ferry.serving.repository;

import dev.ferry.serving.ModelLoadException;

/** A recursive-descent parser for protobuf text format (messages, lists, strings, comments). */
final class TextProtoParser {
    private static final int MAX_DEPTH = 64;
    private final String text;
    private int pos;
    private int depth;

    TextProtoParser(String text) {
        this.text = text;
    }

    TextProto parseMessage() {
        TextProto message = body(false);
        skipSpace();
        if (pos < text.length()) {
            throw error("unexpected '" + text.charAt(pos) + "'");
        }
        return message;
    }

    private TextProto body(boolean nested) {
        if (++depth > MAX_DEPTH) {
            throw error("messages nested deeper than " + MAX_DEPTH);
        }
        TextProto message = new TextProto();
        while (true) {
            skipSpace();
            if (pos >= text.length()) {
                if (nested) {
                    throw error("missing '}'");
                }
                break;
            }
            char c = text.charAt(pos);
            if (c == '}' || c == '>') {
                if (!nested) {
                    throw error("unexpected '" + c + "'");
                }
                pos++;
                break;
            }
            String field = identifier();
            skipSpace();
            boolean colon = peek(':');
            if (colon) {
                pos++;
                skipSpace();
            }
            if (peek('[')) {
                pos++;
                skipSpace();
                while (!peek(']')) {
                    message.add(field, value(colon));
                    skipSpace();
                    if (peek(',')) {
                        pos++;
                        skipSpace();
                    } else if (!peek(']')) {
                        throw error("expected ',' or ']' in the list of '" + field + "'");
                    }
                }
                pos++;
            } else {
                message.add(field, value(colon));
            }
            skipSpace();
            if (peek(',') || peek(';')) {
                pos++;
            }
        }
        depth--;
        return message;
    }

    private Object value(boolean afterColon) {
        skipSpace();
        if (peek('{') || peek('<')) {
            pos++;
            return body(true);
        }
        if (pos >= text.length()) {
            throw error("missing value");
        }
        char c = text.charAt(pos);
        if (c == '"' || c == '\'') {
            StringBuilder out = new StringBuilder();
            while (peek('"') || peek('\'')) {
                out.append(quoted());
                skipSpace();
            }
            return out.toString();
        }
        int start = pos;
        while (pos < text.length()) {
            char d = text.charAt(pos);
            if (Character.isLetterOrDigit(d) || d == '_' || d == '-' || d == '+' || d == '.') {
                pos++;
            } else {
                break;
            }
        }
        if (start == pos) {
            throw error(afterColon ? "expected a value" : "expected ':' or '{'");
        }
        return text.substring(start, pos);
    }

    private String quoted() {
        char quote = text.charAt(pos++);
        StringBuilder out = new StringBuilder();
        while (pos < text.length() && text.charAt(pos) != quote) {
            char c = text.charAt(pos++);
            if (c == '\n') {
                throw error("line break inside a string");
            }
            if (c == '\\' && pos < text.length()) {
                char e = text.charAt(pos++);
                out.append(
                        switch (e) {
                            case 'n' -> '\n';
                            case 't' -> '\t';
                            case 'r' -> '\r';
                            default -> e;
                        });
            } else {
                out.append(c);
            }
        }
        if (pos >= text.length()) {
            throw error("unterminated string");
        }
        pos++;
        return out.toString();
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length()
                && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a field name, found '" + text.charAt(pos) + "'");
        }
        return text.substring(start, pos);
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == '#') {
                while (pos < text.length() && text.charAt(pos) != '\n') {
                    pos++;
                }
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                break;
            }
        }
    }

    private ModelLoadException error(String what) {
        int line = 1;
        int col = 1;
        for (int i = 0; i < Math.min(pos, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                col = 1;
            } else {
                col++;
            }
        }
        return new ModelLoadException("line " + line + ", column " + col + ": " + what);
    }
}
