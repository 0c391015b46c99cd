package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.pipeline.StepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code kind: Pipeline}: reads {@code spec.params}, {@code spec.env} and {@code spec.steps}. */
public final class PipelineKind implements ManifestKind {

    /**
     * The fields of {@code spec:} this kind reads; the schema test keeps it equal to the schema.
     */
    public static final List<String> SPEC_FIELDS = List.of("params", "env", "steps");

    @Override
    public String kind() {
        return Pipeline.KIND;
    }

    @Override
    public String schemaResource() {
        return "schemas/pipeline.schema.json";
    }

    @Override
    public Manifest parse(
            YamlNode.Mapping spec, ObjectMeta metadata, SourceLocation at, List<Problem> problems) {
        Map<String, Object> params = new LinkedHashMap<>();
        spec.get("params")
                .ifPresent(
                        p ->
                                ((YamlNode.Mapping) p)
                                        .entries()
                                        .forEach(e -> params.put(e.key(), e.value().toJava())));
        Map<String, String> env = spec.get("env").map(StepReader::strings).orElse(Map.of());
        List<StepSpec> steps = new ArrayList<>();
        spec.get("steps")
                .ifPresent(
                        s ->
                                ((YamlNode.Sequence) s)
                                        .items()
                                        .forEach(
                                                item ->
                                                        steps.add(
                                                                new StepReader(
                                                                                (YamlNode.Mapping)
                                                                                        item,
                                                                                problems)
                                                                        .read())));
        return new Pipeline(metadata, params, env, steps, at);
    }
}
