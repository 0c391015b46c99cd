package dev.ferry.core.expression;

import dev.ferry.api.pipeline.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A manifest string that may hold {@code ${{ ... }}} expressions. A string that is exactly one
 * expression evaluates to the expression's typed value (number, list, artifact...); any other
 * string evaluates to text with each expression's value interpolated.
 */
public final class Template {
    private static final String OPEN = "${{";

    private final SourceText source;
    private final List<Part> parts;
    private final boolean single;

    private Template(SourceText source, List<Part> parts, boolean single) {
        this.source = source;
        this.parts = List.copyOf(parts);
        this.single = single;
    }

    /**
     * Parses {@code raw}, whose first character sits at {@code at}.
     *
     * @throws ExpressionException on a syntax error, located at the offending character
     */
    public static Template parse(String raw, SourceLocation at) {
        SourceText source = new SourceText(raw, at);
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < raw.length()) {
            int open = raw.indexOf(OPEN, pos);
            if (open < 0) {
                parts.add(new Part.Text(raw.substring(pos)));
                break;
            }
            if (open > pos) {
                parts.add(new Part.Text(raw.substring(pos, open)));
            }
            Lexer lexer = new Lexer(source, open + OPEN.length());
            List<Token> tokens = lexer.tokens(open);
            parts.add(new Part.Embedded(new Parser(source, tokens).parse()));
            pos = lexer.position();
        }
        boolean single =
                parts.stream().filter(p -> p instanceof Part.Embedded).count() == 1
                        && parts.stream()
                                .allMatch(
                                        p ->
                                                p instanceof Part.Embedded
                                                        || ((Part.Text) p).text().isBlank());
        return new Template(source, parts, single);
    }

    /** Whether {@code raw} contains an expression at all (cheap check before parsing). */
    public static boolean containsExpression(String raw) {
        return raw.contains(OPEN);
    }

    /**
     * The value against {@code scope}: typed for a lone expression, text otherwise.
     *
     * @throws ExpressionException when a reference has no value or operands do not fit
     */
    public Object evaluate(Scope scope) {
        if (single) {
            return expressions().getFirst().evaluate(scope, source);
        }
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            switch (part) {
                case Part.Text t -> out.append(t.text());
                case Part.Embedded e -> out.append(Operands.text(e.expr().evaluate(scope, source)));
            }
        }
        return out.toString();
    }

    /** Every distinct reference, in the order first written. */
    public Set<Reference> references() {
        Set<Reference> refs = new LinkedHashSet<>();
        sites().forEach(site -> refs.add(site.reference()));
        return refs;
    }

    /** Every reference with the place it is written, in order. */
    public List<ReferenceSite> sites() {
        List<ReferenceSite> sites = new ArrayList<>();
        for (Expr expr : expressions()) {
            for (Expr.Path path : Expr.paths(expr)) {
                sites.add(new ReferenceSite(path.reference(), source.at(path.offset())));
            }
        }
        return sites;
    }

    /** True when the string holds no expression and evaluates to itself. */
    public boolean isLiteral() {
        return parts.stream().noneMatch(p -> p instanceof Part.Embedded);
    }

    /** True when the string is exactly one expression and so yields a typed value. */
    public boolean isSingleExpression() {
        return single;
    }

    /** Whether an expression calls {@code success()}, {@code failure()}, {@code always()}... */
    public boolean callsStatusFunction() {
        return expressions().stream().anyMatch(Expr::callsStatus);
    }

    public String raw() {
        return source.raw();
    }

    public SourceLocation location() {
        return source.start();
    }

    private List<Expr> expressions() {
        List<Expr> out = new ArrayList<>();
        for (Part part : parts) {
            if (part instanceof Part.Embedded e) {
                out.add(e.expr());
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return source.raw();
    }

    /** A piece of the template: literal text or one embedded expression. */
    private sealed interface Part {
        record Text(String text) implements Part {}

        record Embedded(Expr expr) implements Part {}
    }
}
