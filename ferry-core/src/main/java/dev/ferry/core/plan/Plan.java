package dev.ferry.core.plan;

import dev.ferry.api.pipeline.Pipeline;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A pipeline ready to execute: its steps in a topological order (every step after all it depends
 * on; ties broken by manifest order), with compiled expressions and matrix metadata.
 */
public record Plan(Pipeline pipeline, List<PlannedStep> steps) {

    public Plan {
        steps = List.copyOf(steps);
    }

    public Optional<PlannedStep> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The steps that depend directly on {@code name}, in plan order. */
    public List<PlannedStep> dependents(String name) {
        List<PlannedStep> out = new ArrayList<>();
        for (PlannedStep step : steps) {
            if (step.dependencies().contains(name)) {
                out.add(step);
            }
        }
        return out;
    }

    /** Steps with no dependencies; they can start at once. */
    public List<PlannedStep> roots() {
        return steps.stream().filter(s -> s.dependencies().isEmpty()).toList();
    }
}
