package dev.ferry.core.engine;

import dev.ferry.api.pipeline.RetrySpec;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Builds {@link StepSpec}s for engine tests the way a manifest would declare them. */
final class StepBuilder {
    private final String name;
    private final StepAction action;
    private final Map<String, Object> with = new LinkedHashMap<>();
    private final Map<String, String> env = new LinkedHashMap<>();
    private final List<String> needs = new ArrayList<>();
    private final Map<String, Object> matrix = new LinkedHashMap<>();
    private final Map<String, String> outputs = new LinkedHashMap<>();
    private Optional<String> condition = Optional.empty();
    private int parallelism;
    private RetrySpec retry = RetrySpec.NONE;
    private Optional<Duration> timeout = Optional.empty();
    private boolean cache = true;

    private StepBuilder(String name, StepAction action) {
        this.name = name;
        this.action = action;
    }

    /** A process step whose script runs under {@code sh -c}. */
    static StepBuilder sh(String name, String script) {
        return new StepBuilder(name, new StepAction.Run(List.of("sh", "-c", script)));
    }

    static StepBuilder uses(String name, String ref) {
        return new StepBuilder(name, new StepAction.Uses(ref));
    }

    static StepBuilder suspend(String name) {
        return new StepBuilder(name, new StepAction.Suspend());
    }

    StepBuilder with(String key, Object value) {
        with.put(key, value);
        return this;
    }

    StepBuilder env(String key, String value) {
        env.put(key, value);
        return this;
    }

    StepBuilder needs(String... steps) {
        needs.addAll(List.of(steps));
        return this;
    }

    StepBuilder when(String expression) {
        condition = Optional.of(expression);
        return this;
    }

    StepBuilder matrix(String axis, List<?> values, int cap) {
        matrix.put(axis, values);
        parallelism = cap;
        return this;
    }

    StepBuilder output(String name, String path) {
        outputs.put(name, path);
        return this;
    }

    StepBuilder retry(int limit, Duration backoff, double factor) {
        retry = new RetrySpec(limit, backoff, factor);
        return this;
    }

    StepBuilder timeout(Duration limit) {
        timeout = Optional.of(limit);
        return this;
    }

    StepBuilder noCache() {
        cache = false;
        return this;
    }

    StepSpec build() {
        return new StepSpec(
                name,
                action,
                with,
                env,
                needs,
                condition,
                matrix,
                parallelism,
                retry,
                timeout,
                cache,
                outputs,
                List.of(),
                SourceLocation.unknown("pipeline.yaml"));
    }
}
