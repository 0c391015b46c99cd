package dev.ferry.core.engine;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.core.expression.Reference;
import dev.ferry.core.expression.Scope;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * What expressions of one step (or matrix point) see: the run's parameters, the outputs of steps
 * that finished, this point's matrix values, the step's environment and facts about the run.
 */
final class StepScope implements Scope {
    private final RunRecord run;
    private final Map<String, StepResult> results;
    private final List<String> dependencies;
    private final Map<String, Object> matrix;
    private final Map<String, String> env;
    private final BooleanSupplier cancelled;

    StepScope(
            RunRecord run,
            Map<String, StepResult> results,
            List<String> dependencies,
            Map<String, Object> matrix,
            Map<String, String> env,
            BooleanSupplier cancelled) {
        this.run = run;
        this.results = results;
        this.dependencies = dependencies;
        this.matrix = matrix;
        this.env = env;
        this.cancelled = cancelled;
    }

    /** The same scope with the step's resolved environment. */
    StepScope withEnv(Map<String, String> resolved) {
        return new StepScope(run, results, dependencies, matrix, resolved, cancelled);
    }

    @Override
    public Optional<Object> lookup(Reference reference) {
        return switch (reference) {
            case Reference.Param p -> Optional.ofNullable(run.params().get(p.name()));
            case Reference.StepOutput o ->
                    Optional.ofNullable(results.get(o.step())).flatMap(r -> r.output(o.output()));
            case Reference.Matrix m -> Optional.ofNullable(matrix.get(m.axis()));
            case Reference.Env e ->
                    Optional.<Object>ofNullable(env.get(e.name()))
                            .or(() -> Optional.ofNullable(System.getenv(e.name())));
            case Reference.Run r ->
                    switch (r.field()) {
                        case "id" -> Optional.of(run.id());
                        case "pipeline" -> Optional.of(run.pipeline());
                        default -> Optional.empty();
                    };
        };
    }

    @Override
    public boolean upstreamFailed() {
        for (String dependency : dependencies) {
            StepResult result = results.get(dependency);
            if (result == null || !result.state().producedOutputs()) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean cancelled() {
        return cancelled.getAsBoolean();
    }
}
