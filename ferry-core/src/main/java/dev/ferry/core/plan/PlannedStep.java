package dev.ferry.core.plan;

import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import dev.ferry.core.expression.Condition;
import dev.ferry.core.expression.Template;
import dev.ferry.core.expression.ValueTemplate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a {@link Plan}: the manifest's spec plus everything precomputed for execution.
 *
 * @param spec the step as written
 * @param index position in the plan's topological order (0-based)
 * @param dependencies steps that must finish first: {@code needs:} entries, then steps referenced
 *     by expressions, each once, in the order written
 * @param with the compiled {@code with:} map; resolve it per run (and per matrix point)
 * @param env compiled {@code env:} values
 * @param argv compiled {@code run:} arguments; empty unless the action is {@link StepAction.Run}
 * @param condition the compiled {@code if:}, if any
 * @param matrix the fan-out, if the step has a {@code matrix:}
 */
public record PlannedStep(
        StepSpec spec,
        int index,
        List<String> dependencies,
        ValueTemplate with,
        Map<String, Template> env,
        List<Template> argv,
        Optional<Condition> condition,
        Optional<MatrixPlan> matrix) {

    public PlannedStep {
        dependencies = List.copyOf(dependencies);
        env = Map.copyOf(env);
        argv = List.copyOf(argv);
    }

    public String name() {
        return spec.name();
    }

    /**
     * Whether the step fans out; its outputs are then seen downstream as lists, one element per
     * matrix point, in matrix order.
     */
    public boolean isMatrix() {
        return matrix.isPresent();
    }
}
