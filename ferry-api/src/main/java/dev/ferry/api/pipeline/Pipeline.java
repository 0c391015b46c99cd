package dev.ferry.api.pipeline;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kind: Pipeline}: parameters and steps.
 *
 * @param params default parameter values (typed), overridable per run
 * @param env environment variables for every process step
 */
public record Pipeline(
        ObjectMeta metadata,
        Map<String, Object> params,
        Map<String, String> env,
        List<StepSpec> steps,
        SourceLocation location)
        implements Manifest {

    public static final String KIND = "Pipeline";

    public Pipeline {
        params = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(params));
        env = Map.copyOf(env);
        steps = List.copyOf(steps);
    }

    @Override
    public String kind() {
        return KIND;
    }

    public Optional<StepSpec> step(String name) {
        return steps.stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
