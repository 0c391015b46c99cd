package dev.ferry.core.expression;

import dev.ferry.api.pipeline.SourceLocation;
import java.util.List;
import java.util.Set;

/**
 * A step's {@code if:}. Written as {@code ${{ expr }}} or as a bare expression. Unless it calls a
 * status function ({@code success()}, {@code failure()}, {@code always()}, {@code cancelled()}), it
 * only holds when every upstream step succeeded, as if written {@code success() && (expr)}.
 */
public final class Condition {
    private final Template template;
    private final SourceLocation at;

    private Condition(Template template, SourceLocation at) {
        this.template = template;
        this.at = at;
    }

    /**
     * Parses an {@code if:} value whose first character sits at {@code at}.
     *
     * @throws ExpressionException on a syntax error, or when text surrounds the expression
     */
    public static Condition parse(String raw, SourceLocation at) {
        if (Template.containsExpression(raw)) {
            Template template = Template.parse(raw, at);
            if (!template.isSingleExpression()) {
                throw new ExpressionException(
                        at,
                        "'if:' must be a single expression, e.g. ${{ params.x > 1 }}; text around"
                                + " '${{ }}' would make it a string that is always true");
            }
            return new Condition(template, at);
        }
        Template bare = Template.parse("${{" + raw + "}}", shift(at, -3));
        return new Condition(bare, at);
    }

    /** Whether the step should run. */
    public boolean test(Scope scope) {
        boolean upstreamOk = !scope.upstreamFailed() && !scope.cancelled();
        if (!template.callsStatusFunction() && !upstreamOk) {
            return false;
        }
        return Operands.truthy(template.evaluate(scope));
    }

    /** Whether the condition decides about failed upstream steps itself. */
    public boolean callsStatusFunction() {
        return template.callsStatusFunction();
    }

    public Set<Reference> references() {
        return template.references();
    }

    public List<ReferenceSite> sites() {
        return template.sites();
    }

    public SourceLocation location() {
        return at;
    }

    private static SourceLocation shift(SourceLocation at, int columns) {
        if (at.line() <= 0) {
            return at;
        }
        return new SourceLocation(at.file(), at.line(), at.column() + columns);
    }

    @Override
    public String toString() {
        return template.raw();
    }
}
