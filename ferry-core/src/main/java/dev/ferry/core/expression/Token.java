package dev.ferry.core.expression;

/** One lexical unit of an expression, with its offset in the template text. */
record Token(Kind kind, String text, int offset) {

    /** The token kinds of the expression language. */
    enum Kind {
        IDENT,
        NUMBER,
        STRING,
        TRUE,
        FALSE,
        NULL,
        DOT,
        COMMA,
        LPAREN,
        RPAREN,
        LBRACKET,
        RBRACKET,
        EQ,
        NE,
        LT,
        LE,
        GT,
        GE,
        AND,
        OR,
        NOT,
        END
    }

    String describe() {
        return switch (kind) {
            case END -> "'}}'";
            case STRING -> "string '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
