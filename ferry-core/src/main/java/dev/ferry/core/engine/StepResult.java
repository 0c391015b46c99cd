package dev.ferry.core.engine;

import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.execution.ArtifactValue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a step ended in this run and the outputs downstream steps see: for a matrix step, each output
 * is the list of the points' values, in matrix order.
 *
 * @param points each matrix point's outputs (one entry without a matrix); artifacts as {@link
 *     ArtifactValue}
 * @param message why it failed or was skipped, if it did
 */
record StepResult(
        StepState state,
        boolean matrix,
        List<Map<String, Object>> points,
        Optional<String> message) {

    StepResult {
        points = List.copyOf(points);
    }

    static StepResult ended(StepState state, String message) {
        return new StepResult(state, false, List.of(), Optional.of(message));
    }

    /** The value {@code steps.NAME.outputs.OUTPUT} resolves to, if the step produced it. */
    Optional<Object> output(String name) {
        if (!matrix) {
            return points.isEmpty()
                    ? Optional.empty()
                    : Optional.ofNullable(points.getFirst().get(name));
        }
        List<Object> values = new ArrayList<>(points.size());
        boolean any = false;
        for (Map<String, Object> point : points) {
            Object value = point.get(name);
            any |= value != null;
            values.add(value);
        }
        return any ? Optional.of(java.util.Collections.unmodifiableList(values)) : Optional.empty();
    }

    /** The values downstream steps see for recorded outputs. */
    static Map<String, Object> values(Collection<StepOutput> outputs) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (StepOutput output : outputs) {
            switch (output) {
                case StepOutput.ArtifactOutput a ->
                        values.put(
                                a.name(),
                                new ArtifactValue(a.digest(), a.logicalType(), a.mediaType()));
                case StepOutput.ValueOutput v -> values.put(v.name(), v.value());
            }
        }
        return values;
    }
}
