package dev.ferry.core.expression;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The syntax tree of one expression; each node evaluates itself against a scope. */
sealed interface Expr {

    Object evaluate(Scope scope, SourceText source);

    /** Offset of the node's first character in the template text. */
    int offset();

    /** A number, string, boolean or null written in the expression. */
    record Literal(Object value, int offset) implements Expr {
        @Override
        public Object evaluate(Scope scope, SourceText source) {
            return value;
        }
    }

    /**
     * A reference such as {@code steps.split.outputs.train}, then {@code .field} or {@code [i]}.
     */
    record Path(Reference reference, List<Accessor> accessors, int offset) implements Expr {
        public Path {
            accessors = List.copyOf(accessors);
        }

        @Override
        public Object evaluate(Scope scope, SourceText source) {
            Object value =
                    scope.lookup(reference)
                            .orElseThrow(
                                    () ->
                                            source.error(
                                                    offset,
                                                    "'"
                                                            + reference.text()
                                                            + "' has no value here"));
            for (Accessor accessor : accessors) {
                value = accessor.apply(value, scope, source);
            }
            return value;
        }
    }

    /** {@code .name} or {@code [index]} applied to a map or list value. */
    sealed interface Accessor {
        Object apply(Object value, Scope scope, SourceText source);

        /** {@code .name}: a key of a map. */
        record Property(String name, int offset) implements Accessor {
            @Override
            public Object apply(Object value, Scope scope, SourceText source) {
                if (value instanceof Map<?, ?> map && map.containsKey(name)) {
                    return map.get(name);
                }
                throw source.error(
                        offset,
                        "no field '" + name + "' in a value of type " + Operands.typeName(value));
            }
        }

        /** {@code [expr]}: a list position (0-based) or a map key. */
        record Index(Expr index, int offset) implements Accessor {
            @Override
            public Object apply(Object value, Scope scope, SourceText source) {
                Object key = index.evaluate(scope, source);
                if (value instanceof List<?> list && key instanceof Number n) {
                    int i = n.intValue();
                    if (i >= 0 && i < list.size()) {
                        return list.get(i);
                    }
                    throw source.error(
                            offset, "index " + i + " is outside the list of " + list.size());
                }
                if (value instanceof Map<?, ?> map
                        && key instanceof String s
                        && map.containsKey(s)) {
                    return map.get(s);
                }
                throw source.error(
                        offset,
                        "cannot index a value of type "
                                + Operands.typeName(value)
                                + " with "
                                + Operands.text(key));
            }
        }
    }

    /** {@code !operand}. */
    record Not(Expr operand, int offset) implements Expr {
        @Override
        public Object evaluate(Scope scope, SourceText source) {
            return !Operands.truthy(operand.evaluate(scope, source));
        }
    }

    /** A binary operator; {@code &&} and {@code ||} short-circuit and yield an operand. */
    record Binary(Token.Kind op, Expr left, Expr right, int offset) implements Expr {
        @Override
        public Object evaluate(Scope scope, SourceText source) {
            Object l = left.evaluate(scope, source);
            switch (op) {
                case AND -> {
                    return Operands.truthy(l) ? right.evaluate(scope, source) : l;
                }
                case OR -> {
                    return Operands.truthy(l) ? l : right.evaluate(scope, source);
                }
                default -> {}
            }
            Object r = right.evaluate(scope, source);
            return switch (op) {
                case EQ -> Operands.equal(l, r);
                case NE -> !Operands.equal(l, r);
                case LT, LE, GT, GE -> {
                    int c =
                            Operands.compare(l, r)
                                    .orElseThrow(
                                            () ->
                                                    source.error(
                                                            offset,
                                                            "cannot order "
                                                                    + Operands.typeName(l)
                                                                    + " and "
                                                                    + Operands.typeName(r)
                                                                    + ": expected two numbers or"
                                                                    + " two strings"));
                    yield switch (op) {
                        case LT -> c < 0;
                        case LE -> c <= 0;
                        case GT -> c > 0;
                        default -> c >= 0;
                    };
                }
                default -> throw new IllegalStateException("not a binary operator: " + op);
            };
        }
    }

    /**
     * A status function: {@code success()}, {@code failure()}, {@code always()}, {@code
     * cancelled()}.
     */
    record Call(String function, int offset) implements Expr {
        static final List<String> FUNCTIONS = List.of("success", "failure", "always", "cancelled");

        @Override
        public Object evaluate(Scope scope, SourceText source) {
            return switch (function) {
                case "success" -> !scope.upstreamFailed() && !scope.cancelled();
                case "failure" -> scope.upstreamFailed();
                case "cancelled" -> scope.cancelled();
                default -> true;
            };
        }
    }

    /** Every reference path inside {@code expr}, in the order written. */
    static List<Path> paths(Expr expr) {
        List<Path> out = new ArrayList<>();
        collect(expr, out);
        return out;
    }

    /** Whether {@code expr} calls a status function. */
    static boolean callsStatus(Expr expr) {
        return switch (expr) {
            case Call c -> true;
            case Not n -> callsStatus(n.operand());
            case Binary b -> callsStatus(b.left()) || callsStatus(b.right());
            default -> false;
        };
    }

    private static void collect(Expr expr, List<Path> out) {
        switch (expr) {
            case Path p -> {
                out.add(p);
                for (Accessor a : p.accessors()) {
                    if (a instanceof Accessor.Index i) {
                        collect(i.index(), out);
                    }
                }
            }
            case Not n -> collect(n.operand(), out);
            case Binary b -> {
                collect(b.left(), out);
                collect(b.right(), out);
            }
            default -> {}
        }
    }
}
