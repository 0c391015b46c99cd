package dev.ferry.api.pipeline;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One step of a pipeline as written in the manifest; expressions inside {@code with}, {@code env},
 * {@code condition} and {@code matrix} are still unresolved text.
 *
 * @param with the step's inputs: raw YAML values (String, Number, Boolean, List, Map, null); a
 *     string may hold {@code ${{ ... }}} expressions
 * @param needs explicit dependencies, in addition to those inferred from expressions
 * @param condition the {@code if:} expression, if any
 * @param matrix axis name to its values (or to one expression yielding a list); empty for none
 * @param parallelism how many matrix points may run at once (0 = unlimited)
 * @param cache false to always run the step
 * @param outputs declared outputs: name to a path under {@code FERRY_OUTPUTS}
 * @param code files whose digests enter the cache key of a {@code run:} step
 * @param locations where each field was written, keyed by a dotted path inside the step ({@code
 *     with.dataset}, {@code with.gate.accuracy}, {@code run.2}, {@code env.HOME}, {@code if},
 *     {@code matrix.lr}, {@code needs.0}); missing keys fall back to {@link #location()}
 */
public record StepSpec(
        String name,
        StepAction action,
        Map<String, Object> with,
        Map<String, String> env,
        List<String> needs,
        Optional<String> condition,
        Map<String, Object> matrix,
        int parallelism,
        RetrySpec retry,
        Optional<Duration> timeout,
        boolean cache,
        Map<String, String> outputs,
        List<String> code,
        SourceLocation location,
        Map<String, SourceLocation> locations) {

    public StepSpec {
        with = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(with));
        env = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
        needs = List.copyOf(needs);
        matrix = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(matrix));
        outputs = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(outputs));
        code = List.copyOf(code);
        locations = Map.copyOf(locations);
    }

    /** A step built in code, without per-field locations. */
    public StepSpec(
            String name,
            StepAction action,
            Map<String, Object> with,
            Map<String, String> env,
            List<String> needs,
            Optional<String> condition,
            Map<String, Object> matrix,
            int parallelism,
            RetrySpec retry,
            Optional<Duration> timeout,
            boolean cache,
            Map<String, String> outputs,
            List<String> code,
            SourceLocation location) {
        this(
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
                code,
                location,
                Map.of());
    }

    /** Where the field at {@code path} (e.g. {@code with.dataset}) was written. */
    public SourceLocation locationOf(String path) {
        return locations.getOrDefault(path, location);
    }
}
