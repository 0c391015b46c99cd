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
                .filter(p -> p instanceof YamlNode.Mapping)
                .ifPresent(
                        p ->
                                ((YamlNode.Mapping) p)
                                        .entries()
                                        .forEach(e -> params.put(e.key(), e.value().toJava())));
        Map<String, String> env = spec.get("env").map(StepReader::strings).orElse(Map.of());
        List<StepSpec> steps = new ArrayList<>();
        if (spec.get("steps").orElse(null) instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                // A step without a usable name was reported by the schema and cannot be referenced.
                if (item instanceof YamlNode.Mapping m
                        && m.get("name").orElse(null) instanceof YamlNode.Scalar name
                        && name.value() instanceof String) {
                    steps.add(new StepReader(m, problems).read());
                }
            }
        }
        return new Pipeline(metadata, params, env, steps, at);
    }
}
