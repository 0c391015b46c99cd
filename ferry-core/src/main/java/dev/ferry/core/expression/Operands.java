package dev.ferry.core.expression;

import java.math.BigDecimal;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How expression operators treat values: truthiness, equality, ordering and text form. */
final class Operands {
    private Operands() {}

    /** false, null, 0, the empty string and empty collections are false; everything else true. */
    static boolean truthy(Object value) {
        return switch (value) {
            case null -> false;
            case Boolean b -> b;
            case Number n -> toDecimal(n).signum() != 0;
            case String s -> !s.isEmpty();
            case Collection<?> c -> !c.isEmpty();
            case Map<?, ?> m -> !m.isEmpty();
            default -> true;
        };
    }

    /** Numbers compare by value (1 == 1.0); a string that reads as a number equals that number. */
    static boolean equal(Object left, Object right) {
        if (left == null || right == null) {
            return left == right;
        }
        Optional<BigDecimal> l = number(left);
        Optional<BigDecimal> r = number(right);
        if ((left instanceof Number || right instanceof Number) && l.isPresent() && r.isPresent()) {
            return l.get().compareTo(r.get()) == 0;
        }
        if (left instanceof Number || right instanceof Number) {
            return false;
        }
        if (left instanceof String || right instanceof String) {
            return text(left).equals(text(right));
        }
        return left.equals(right);
    }

    /** Orders two numbers or two strings; empty when they cannot be ordered. */
    static Optional<Integer> compare(Object left, Object right) {
        if (left instanceof String ls && right instanceof String rs) {
            return Optional.of(ls.compareTo(rs));
        }
        Optional<BigDecimal> l = number(left);
        Optional<BigDecimal> r = number(right);
        if ((left instanceof Number || right instanceof Number) && l.isPresent() && r.isPresent()) {
            return Optional.of(l.get().compareTo(r.get()));
        }
        return Optional.empty();
    }

    /** How a value reads when interpolated into a string: integral numbers without a fraction. */
    static String text(Object value) {
        return switch (value) {
            case null -> "";
            case Double d when d == Math.rint(d) && !d.isInfinite() && Math.abs(d) < 1e15 ->
                    Long.toString(d.longValue());
            case Float f when f == Math.rint(f) && !f.isInfinite() && Math.abs(f) < 1e7 ->
                    Long.toString(f.longValue());
            case BigDecimal b -> b.stripTrailingZeros().toPlainString();
            case Collection<?> c -> json(c);
            case Map<?, ?> m -> json(m);
            default -> value.toString();
        };
    }

    static String typeName(Object value) {
        return switch (value) {
            case null -> "null";
            case Number n -> "number";
            case String s -> "string";
            case Boolean b -> "boolean";
            case List<?> l -> "list";
            case Map<?, ?> m -> "map";
            default -> value.getClass().getSimpleName();
        };
    }

    private static Optional<BigDecimal> number(Object value) {
        if (value instanceof Number n) {
            return Optional.of(toDecimal(n));
        }
        if (value instanceof String s) {
            try {
                return Optional.of(new BigDecimal(s.strip()));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static BigDecimal toDecimal(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        if (n instanceof Double || n instanceof Float) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? BigDecimal.valueOf(d) : BigDecimal.ZERO;
        }
        return new BigDecimal(n.toString());
    }

    private static String json(Object value) {
        StringBuilder out = new StringBuilder();
        appendJson(out, value);
        return out.toString();
    }

    private static void appendJson(StringBuilder out, Object value) {
        switch (value) {
            case null -> out.append("null");
            case Number n -> out.append(text(n));
            case Boolean b -> out.append(b);
            case Collection<?> c -> {
                out.append('[');
                Iterator<?> it = c.iterator();
                while (it.hasNext()) {
                    appendJson(out, it.next());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append(']');
            }
            case Map<?, ?> m -> {
                out.append('{');
                Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
                while (it.hasNext()) {
                    Map.Entry<?, ?> e = it.next();
                    appendJson(out, String.valueOf(e.getKey()));
                    out.append(':');
                    appendJson(out, e.getValue());
                    if (it.hasNext()) {
                        out.append(',');
                    }
                }
                out.append('}');
            }
            default -> {
                out.append('"');
                for (char c : value.toString().toCharArray()) {
                    switch (c) {
                        case '"' -> out.append("\\\"");
                        case '\\' -> out.append("\\\\");
                        case '\n' -> out.append("\\n");
                        case '\t' -> out.append("\\t");
                        case '\r' -> out.append("\\r");
                        default -> {
                            if (c < 0x20) {
                                out.append(String.format("\\u%04x", (int) c));
                            } else {
                                out.append(c);
                            }
                        }
                    }
                }
                out.append('"');
            }
        }
    }
}
