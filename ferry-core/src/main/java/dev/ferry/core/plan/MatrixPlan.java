package dev.ferry.core.plan;

import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.core.expression.ExpressionException;
import dev.ferry.core.expression.Scope;
import dev.ferry.core.expression.ValueTemplate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A step's {@code matrix:}: named axes whose values are lists (written out, or one expression
 * yielding a list). The points are the Cartesian product in matrix order: the first axis varies
 * slowest, like nested loops written in the manifest's order.
 *
 * @param axes the axes in the order written
 * @param parallelism how many points may run at once; 0 means no limit
 */
public record MatrixPlan(List<Axis> axes, int parallelism) {

    public MatrixPlan {
        axes = List.copyOf(axes);
    }

    /**
     * One axis; {@code values} resolves to a list.
     *
     * @param at where the axis is written, for errors when its values are not a list
     */
    public record Axis(String name, ValueTemplate values, SourceLocation at) {}

    /**
     * The matrix points in order, each mapping axis name to value; {@code scope} resolves axes
     * given as expressions (e.g. {@code ${{ params.rates }}}).
     *
     * @throws ExpressionException when an axis does not resolve to a non-empty list
     */
    public List<Map<String, Object>> points(Scope scope) {
        List<Map<String, Object>> points = new ArrayList<>();
        points.add(new LinkedHashMap<>());
        for (Axis axis : axes) {
            List<?> values = values(axis, scope);
            List<Map<String, Object>> next = new ArrayList<>(points.size() * values.size());
            for (Map<String, Object> point : points) {
                for (Object value : values) {
                    Map<String, Object> extended = new LinkedHashMap<>(point);
                    extended.put(axis.name(), value);
                    next.add(extended);
                }
            }
            points = next;
        }
        return points.stream().map(p -> java.util.Collections.unmodifiableMap(p)).toList();
    }

    /** The number of points when every axis is written out; empty if one is an expression. */
    public Optional<Integer> staticSize() {
        int size = 1;
        for (Axis axis : axes) {
            if (!axis.values().references().isEmpty()) {
                return Optional.empty();
            }
            size *= values(axis, name -> Optional.empty()).size();
        }
        return Optional.of(size);
    }

    private static List<?> values(Axis axis, Scope scope) {
        Object value = axis.values().resolve(scope);
        if (value instanceof List<?> list && !list.isEmpty()) {
            return list;
        }
        throw new ExpressionException(
                axis.at(),
                "matrix axis '"
                        + axis.name()
                        + "' must be a non-empty list of values, got "
                        + (value instanceof List<?> ? "an empty list" : "'" + value + "'"));
    }
}
