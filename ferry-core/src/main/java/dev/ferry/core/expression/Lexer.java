package dev.ferry.core.expression;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits the inside of one {@code ${{ ... }}} into tokens, up to and including the closing braces.
 */
final class Lexer {
    private final SourceText source;
    private final String raw;
    private int pos;

    Lexer(SourceText source, int start) {
        this.source = source;
        this.raw = source.raw();
        this.pos = start;
    }

    /** Tokens up to the closing {@code }}}, which becomes the END token. */
    List<Token> tokens(int openedAt) {
        List<Token> tokens = new ArrayList<>();
        while (true) {
            skipSpace();
            if (pos >= raw.length()) {
                throw source.error(openedAt, "expression is not closed: expected '}}'");
            }
            Token token = next();
            tokens.add(token);
            if (token.kind() == Token.Kind.END) {
                return tokens;
            }
        }
    }

    /** Offset just after the END token. */
    int position() {
        return pos;
    }

    private void skipSpace() {
        while (pos < raw.length() && Character.isWhitespace(raw.charAt(pos))) {
            pos++;
        }
    }

    private Token next() {
        int start = pos;
        char c = raw.charAt(pos);
        if (raw.startsWith("}}", pos)) {
            pos += 2;
            return new Token(Token.Kind.END, "}}", start);
        }
        if (c == '\'') {
            return string(start);
        }
        if (Character.isDigit(c)
                || (c == '-' && pos + 1 < raw.length() && Character.isDigit(raw.charAt(pos + 1)))) {
            return number(start);
        }
        if (Character.isLetter(c) || c == '_') {
            return word(start);
        }
        String two = raw.length() >= pos + 2 ? raw.substring(pos, pos + 2) : "";
        Token.Kind pair =
                switch (two) {
                    case "==" -> Token.Kind.EQ;
                    case "!=" -> Token.Kind.NE;
                    case "<=" -> Token.Kind.LE;
                    case ">=" -> Token.Kind.GE;
                    case "&&" -> Token.Kind.AND;
                    case "||" -> Token.Kind.OR;
                    default -> null;
                };
        if (pair != null) {
            pos += 2;
            return new Token(pair, two, start);
        }
        Token.Kind single =
                switch (c) {
                    case '.' -> Token.Kind.DOT;
                    case ',' -> Token.Kind.COMMA;
                    case '(' -> Token.Kind.LPAREN;
                    case ')' -> Token.Kind.RPAREN;
                    case '[' -> Token.Kind.LBRACKET;
                    case ']' -> Token.Kind.RBRACKET;
                    case '<' -> Token.Kind.LT;
                    case '>' -> Token.Kind.GT;
                    case '!' -> Token.Kind.NOT;
                    default -> null;
                };
        if (single == null) {
            String hint = c == '"' ? " (strings use single quotes: 'text')" : "";
            if (c == '=') {
                hint = " (compare with '==')";
            }
            throw source.error(start, "unexpected character '" + c + "' in expression" + hint);
        }
        pos++;
        return new Token(single, String.valueOf(c), start);
    }

    private Token string(int start) {
        StringBuilder text = new StringBuilder();
        pos++;
        while (pos < raw.length()) {
            char c = raw.charAt(pos++);
            if (c == '\'') {
                if (pos < raw.length() && raw.charAt(pos) == '\'') {
                    text.append('\'');
                    pos++;
                } else {
                    return new Token(Token.Kind.STRING, text.toString(), start);
                }
            } else {
                text.append(c);
            }
        }
        throw source.error(start, "string is not closed: expected a closing single quote");
    }

    private Token number(int start) {
        pos++;
        while (pos < raw.length()
                && (Character.isLetterOrDigit(raw.charAt(pos))
                        || raw.charAt(pos) == '.'
                        || ((raw.charAt(pos) == '-' || raw.charAt(pos) == '+')
                                && (raw.charAt(pos - 1) == 'e' || raw.charAt(pos - 1) == 'E')))) {
            pos++;
        }
        String text = raw.substring(start, pos);
        if (!text.matches("-?\\d+(\\.\\d+)?([eE][-+]?\\d+)?")) {
            throw source.error(start, "malformed number '" + text + "'");
        }
        return new Token(Token.Kind.NUMBER, text, start);
    }

    private Token word(int start) {
        while (pos < raw.length()
                && (Character.isLetterOrDigit(raw.charAt(pos))
                        || raw.charAt(pos) == '_'
                        || raw.charAt(pos) == '-')) {
            pos++;
        }
        String text = raw.substring(start, pos);
        Token.Kind kind =
                switch (text) {
                    case "true" -> Token.Kind.TRUE;
                    case "false" -> Token.Kind.FALSE;
                    case "null" -> Token.Kind.NULL;
                    default -> Token.Kind.IDENT;
                };
        return new Token(kind, text, start);
    }
}
