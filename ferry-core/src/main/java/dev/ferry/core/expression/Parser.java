package dev.ferry.core.expression;

import dev.ferry.core.expression.Token.Kind;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive-descent parser for one expression. Precedence, loosest first: {@code ||}, {@code &&},
 * {@code == !=}, {@code < <= > >=}, {@code !}, then literals, references, calls and parentheses.
 */
final class Parser {
    private static final String ROOTS =
            "params.NAME, steps.STEP.outputs.NAME, matrix.AXIS, env.NAME, run.id, run.pipeline,"
                    + " a literal, or success(), failure(), always(), cancelled()";

    private final SourceText source;
    private final List<Token> tokens;
    private int index;

    Parser(SourceText source, List<Token> tokens) {
        this.source = source;
        this.tokens = tokens;
    }

    /** Parses the tokens up to END; the whole token list must form one expression. */
    Expr parse() {
        if (peek().kind() == Kind.END) {
            throw source.error(peek().offset(), "empty expression: expected " + ROOTS);
        }
        Expr expr = or();
        if (peek().kind() != Kind.END) {
            throw source.error(
                    peek().offset(),
                    "unexpected " + peek().describe() + ": expected an operator or '}}'");
        }
        return expr;
    }

    private Expr or() {
        Expr left = and();
        while (peek().kind() == Kind.OR) {
            Token op = advance();
            left = new Expr.Binary(Kind.OR, left, and(), op.offset());
        }
        return left;
    }

    private Expr and() {
        Expr left = equality();
        while (peek().kind() == Kind.AND) {
            Token op = advance();
            left = new Expr.Binary(Kind.AND, left, equality(), op.offset());
        }
        return left;
    }

    private Expr equality() {
        Expr left = comparison();
        while (peek().kind() == Kind.EQ || peek().kind() == Kind.NE) {
            Token op = advance();
            left = new Expr.Binary(op.kind(), left, comparison(), op.offset());
        }
        return left;
    }

    private Expr comparison() {
        Expr left = unary();
        while (switch (peek().kind()) {
            case LT, LE, GT, GE -> true;
            default -> false;
        }) {
            Token op = advance();
            left = new Expr.Binary(op.kind(), left, unary(), op.offset());
        }
        return left;
    }

    private Expr unary() {
        if (peek().kind() == Kind.NOT) {
            Token op = advance();
            return new Expr.Not(unary(), op.offset());
        }
        return primary();
    }

    private Expr primary() {
        Token token = advance();
        return switch (token.kind()) {
            case NUMBER -> new Expr.Literal(number(token.text()), token.offset());
            case STRING -> new Expr.Literal(token.text(), token.offset());
            case TRUE -> new Expr.Literal(Boolean.TRUE, token.offset());
            case FALSE -> new Expr.Literal(Boolean.FALSE, token.offset());
            case NULL -> new Expr.Literal(null, token.offset());
            case LPAREN -> {
                Expr inner = or();
                expect(Kind.RPAREN, "')'");
                yield inner;
            }
            case IDENT -> peek().kind() == Kind.LPAREN ? call(token) : path(token);
            default ->
                    throw source.error(
                            token.offset(),
                            "unexpected " + token.describe() + ": expected " + ROOTS);
        };
    }

    private Expr call(Token name) {
        if (!Expr.Call.FUNCTIONS.contains(name.text())) {
            throw source.error(
                    name.offset(),
                    "unknown function '"
                            + name.text()
                            + "': expected success(), failure(), always() or cancelled()");
        }
        advance();
        expect(Kind.RPAREN, "')' (" + name.text() + "() takes no arguments)");
        return new Expr.Call(name.text(), name.offset());
    }

    private Expr path(Token root) {
        Reference reference =
                switch (root.text()) {
                    case "params" ->
                            new Reference.Param(segment("a parameter name after 'params.'"));
                    case "matrix" -> new Reference.Matrix(segment("a matrix axis after 'matrix.'"));
                    case "env" -> new Reference.Env(segment("a variable name after 'env.'"));
                    case "run" -> run();
                    case "steps" -> stepOutput();
                    default ->
                            throw source.error(
                                    root.offset(),
                                    "unknown name '" + root.text() + "': expected " + ROOTS);
                };
        List<Expr.Accessor> accessors = new ArrayList<>();
        while (peek().kind() == Kind.DOT || peek().kind() == Kind.LBRACKET) {
            Token t = advance();
            if (t.kind() == Kind.DOT) {
                Token name = expect(Kind.IDENT, "a field name after '.'");
                accessors.add(new Expr.Accessor.Property(name.text(), name.offset()));
            } else {
                Expr inner = or();
                expect(Kind.RBRACKET, "']'");
                accessors.add(new Expr.Accessor.Index(inner, t.offset()));
            }
        }
        return new Expr.Path(reference, accessors, root.offset());
    }

    private Reference run() {
        expect(Kind.DOT, "'.id' or '.pipeline' after 'run'");
        Token field = peek();
        String name = expect(Kind.IDENT, "'id' or 'pipeline' after 'run.'").text();
        if (!name.equals("id") && !name.equals("pipeline")) {
            throw source.error(
                    field.offset(),
                    "unknown field 'run." + name + "': expected run.id or run.pipeline");
        }
        return new Reference.Run(name);
    }

    private Reference stepOutput() {
        String step = segment("a step name after 'steps.'");
        expect(Kind.DOT, "'.outputs' after 'steps." + step + "'");
        Token outputs = peek();
        String word = expect(Kind.IDENT, "'outputs' after 'steps." + step + ".'").text();
        if (!word.equals("outputs")) {
            throw source.error(
                    outputs.offset(),
                    "unexpected '" + word + "': expected steps." + step + ".outputs.NAME");
        }
        return new Reference.StepOutput(
                step, segment("an output name after 'steps." + step + ".outputs.'"));
    }

    private String segment(String expected) {
        expect(Kind.DOT, expected);
        return expect(Kind.IDENT, expected).text();
    }

    private Token expect(Kind kind, String expected) {
        Token token = peek();
        if (token.kind() != kind) {
            throw source.error(
                    token.offset(), "unexpected " + token.describe() + ": expected " + expected);
        }
        return advance();
    }

    private Token peek() {
        return tokens.get(index);
    }

    private Token advance() {
        Token token = tokens.get(index);
        if (token.kind() != Kind.END) {
            index++;
        }
        return token;
    }

    private static Number number(String text) {
        if (text.matches("-?\\d+")) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return new BigDecimal(text);
            }
        }
        return Double.parseDouble(text);
    }
}
