package dev.ferry.core.expression;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A YAML value tree (maps, lists, scalars) whose strings may hold expressions, such as a step's
 * {@code with:} block. Compiled once, resolved per step run into plain typed values.
 */
public final class ValueTemplate {
    private final Node root;

    private ValueTemplate(Node root) {
        this.root = root;
    }

    /**
     * Compiles {@code value}; {@code locate} maps a dotted path below {@code path} (e.g. {@code
     * with.gate.accuracy}, {@code with.files.0}) to where it is written.
     *
     * @throws ManifestException listing every malformed expression in the tree
     */
    public static ValueTemplate compile(
            Object value, String path, Function<String, SourceLocation> locate) {
        List<Problem> problems = new ArrayList<>();
        Node root = node(value, path, locate, problems);
        if (!problems.isEmpty()) {
            throw new ManifestException(problems);
        }
        return new ValueTemplate(root);
    }

    /** A tree with no expressions to resolve. */
    public static ValueTemplate constant(Object value) {
        return new ValueTemplate(new Node.Constant(value));
    }

    /**
     * The tree with every expression replaced by its value: maps keep their key order.
     *
     * @throws ExpressionException when a reference has no value or operands do not fit
     */
    public Object resolve(Scope scope) {
        return root.resolve(scope);
    }

    /** Resolves a map-shaped tree such as {@code with:}. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> resolveMap(Scope scope) {
        Object value = resolve(scope);
        if (value instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new IllegalStateException("not a map template: " + value);
    }

    public Set<Reference> references() {
        Set<Reference> refs = new LinkedHashSet<>();
        sites().forEach(site -> refs.add(site.reference()));
        return refs;
    }

    public List<ReferenceSite> sites() {
        List<ReferenceSite> out = new ArrayList<>();
        root.collect(out);
        return out;
    }

    private static Node node(
            Object value,
            String path,
            Function<String, SourceLocation> locate,
            List<Problem> problems) {
        return switch (value) {
            case String s when Template.containsExpression(s) -> {
                try {
                    yield new Node.Expression(Template.parse(s, locate.apply(path)));
                } catch (ManifestException e) {
                    problems.addAll(e.problems());
                    yield new Node.Constant(s);
                }
            }
            case Map<?, ?> map -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                map.forEach(
                        (k, v) ->
                                entries.put(
                                        String.valueOf(k),
                                        node(v, path + "." + k, locate, problems)));
                yield new Node.MapNode(entries);
            }
            case List<?> list -> {
                List<Node> items = new ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    items.add(node(list.get(i), path + "." + i, locate, problems));
                }
                yield new Node.ListNode(items);
            }
            case null, default -> new Node.Constant(value);
        };
    }

    /** One node of the compiled tree. */
    private sealed interface Node {
        Object resolve(Scope scope);

        void collect(List<ReferenceSite> out);

        record Constant(Object value) implements Node {
            @Override
            public Object resolve(Scope scope) {
                return value;
            }

            @Override
            public void collect(List<ReferenceSite> out) {}
        }

        record Expression(Template template) implements Node {
            @Override
            public Object resolve(Scope scope) {
                return template.evaluate(scope);
            }

            @Override
            public void collect(List<ReferenceSite> out) {
                out.addAll(template.sites());
            }
        }

        record MapNode(Map<String, Node> entries) implements Node {
            @Override
            public Object resolve(Scope scope) {
                Map<String, Object> out = new LinkedHashMap<>();
                entries.forEach((k, v) -> out.put(k, v.resolve(scope)));
                return out;
            }

            @Override
            public void collect(List<ReferenceSite> out) {
                entries.values().forEach(n -> n.collect(out));
            }
        }

        record ListNode(List<Node> items) implements Node {
            @Override
            public Object resolve(Scope scope) {
                List<Object> out = new ArrayList<>(items.size());
                items.forEach(n -> out.add(n.resolve(scope)));
                return out;
            }

            @Override
            public void collect(List<ReferenceSite> out) {
                items.forEach(n -> n.collect(out));
            }
        }
    }
}
