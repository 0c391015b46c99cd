package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.Problem;
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

/** Reads one schema-valid step mapping into a {@link StepSpec}, recording where each field is. */
final class StepReader {

    /** YAML field of a step to the {@link StepSpec} component it fills. */
    static final Map<String, String> FIELDS =
            orderedMap(
                    "name", "name",
                    "uses", "action",
                    "run", "action",
                    "suspend", "action",
                    "with", "with",
                    "env", "env",
                    "needs", "needs",
                    "if", "condition",
                    "matrix", "matrix",
                    "parallelism", "parallelism",
                    "retry", "retry",
                    "timeout", "timeout",
                    "cache", "cache",
                    "outputs", "outputs",
                    "code", "code");

    /** YAML field of {@code retry:} to the {@link RetrySpec} component it fills. */
    static final Map<String, String> RETRY_FIELDS =
            orderedMap("limit", "limit", "backoff", "backoff", "factor", "factor");

    static final Duration DEFAULT_BACKOFF = Duration.ofSeconds(1);
    static final double DEFAULT_FACTOR = 2.0;

    private final YamlNode.Mapping step;
    private final List<Problem> problems;
    private final Map<String, SourceLocation> locations = new LinkedHashMap<>();

    StepReader(YamlNode.Mapping step, List<Problem> problems) {
        this.step = step;
        this.problems = problems;
    }

    StepSpec read() {
        step.entries().forEach(e -> record(e.key(), e.keyAt(), e.value()));
        String name = text("name").orElse("");
        return new StepSpec(
                name,
                action(name),
                mapping("with").map(w -> mapOf(w)).orElse(Map.of()),
                mapping("env").map(StepReader::strings).orElse(Map.of()),
                needs(),
                text("if"),
                mapping("matrix").map(m -> mapOf(m)).orElse(Map.of()),
                number(step, "parallelism").map(Number::intValue).orElse(0),
                retry(),
                step.get("timeout").flatMap(this::duration),
                value(step, "cache", Boolean.class).orElse(true),
                mapping("outputs").map(StepReader::strings).orElse(Map.of()),
                step.get("code").map(StepReader::stringList).orElse(List.of()),
                step.at(),
                locations);
    }

    private StepAction action(String name) {
        List<YamlNode.Entry> actions =
                step.entries().stream()
                        .filter(e -> List.of("uses", "run", "suspend").contains(e.key()))
                        .toList();
        if (actions.size() != 1) {
            problems.add(
                    new Problem(
                            actions.size() > 1 ? actions.get(1).keyAt() : step.at(),
                            "step '"
                                    + name
                                    + "' must have exactly one of uses:, run: or suspend:"
                                    + (actions.isEmpty()
                                            ? " (uses: a built-in step such as ferry/fetch-file;"
                                                    + " run: an argv list; suspend: {})"
                                            : ", found "
                                                    + String.join(
                                                            " and ",
                                                            actions.stream()
                                                                    .map(YamlNode.Entry::key)
                                                                    .toList()))));
            return new StepAction.Suspend();
        }
        YamlNode.Entry action = actions.getFirst();
        return switch (action.key()) {
            case "uses" -> new StepAction.Uses(scalarText(action.value()));
            case "run" -> new StepAction.Run(stringList(action.value()));
            default -> new StepAction.Suspend();
        };
    }

    private List<String> needs() {
        Optional<YamlNode> needs = step.get("needs");
        if (needs.isPresent()
                && needs.get() instanceof YamlNode.Scalar s
                && s.value() instanceof String one) {
            locations.put("needs.0", s.at());
            return List.of(one);
        }
        return needs.map(StepReader::stringList).orElse(List.of());
    }

    private RetrySpec retry() {
        Optional<YamlNode> retry = step.get("retry");
        if (retry.isEmpty()) {
            return RetrySpec.NONE;
        }
        if (!(retry.get() instanceof YamlNode.Mapping m)) {
            return RetrySpec.NONE;
        }
        int limit = number(m, "limit").map(Number::intValue).orElse(0);
        Duration backoff = m.get("backoff").flatMap(this::duration).orElse(DEFAULT_BACKOFF);
        double factor = number(m, "factor").map(Number::doubleValue).orElse(DEFAULT_FACTOR);
        return new RetrySpec(limit, backoff, factor);
    }

    private Optional<Duration> duration(YamlNode node) {
        if (!(node instanceof YamlNode.Scalar scalar)) {
            return Optional.empty();
        }
        String text = scalar.text();
        Optional<Duration> d = Durations.parse(text);
        if (d.isEmpty()) {
            problems.add(
                    new Problem(
                            node.at(),
                            "invalid duration '"
                                    + text
                                    + "': expected e.g. 250ms, 5s, 30m or 1h30m"));
        }
        return d;
    }

    private Optional<String> text(String key) {
        return value(step, key, Object.class).map(String::valueOf);
    }

    private Optional<YamlNode.Mapping> mapping(String key) {
        return step.get(key)
                .filter(n -> n instanceof YamlNode.Mapping)
                .map(n -> (YamlNode.Mapping) n);
    }

    private static Optional<Number> number(YamlNode.Mapping map, String key) {
        return value(map, key, Number.class);
    }

    /**
     * The scalar value under {@code key} if it has the expected type; the schema reports the rest.
     */
    private static <T> Optional<T> value(YamlNode.Mapping map, String key, Class<T> type) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && type.isInstance(s.value()))
                .map(n -> type.cast(((YamlNode.Scalar) n).value()));
    }

    /** Records the location of every node below the step under its dotted path. */
    private void record(String path, SourceLocation keyAt, YamlNode node) {
        // A scalar is located at its value (expressions count columns from there); a map or list
        // at its key, the line a user reads as "the field".
        locations.put(path, node instanceof YamlNode.Scalar ? node.at() : keyAt);
        switch (node) {
            case YamlNode.Mapping m ->
                    m.entries().forEach(e -> record(path + "." + e.key(), e.keyAt(), e.value()));
            case YamlNode.Sequence s -> {
                for (int i = 0; i < s.items().size(); i++) {
                    YamlNode item = s.items().get(i);
                    record(path + "." + i, item.at(), item);
                }
            }
            case YamlNode.Scalar s -> {}
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(YamlNode.Mapping node) {
        return (Map<String, Object>) node.toJava();
    }

    static Map<String, String> strings(YamlNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node instanceof YamlNode.Mapping m) {
            m.entries().forEach(e -> out.put(e.key(), scalarText(e.value())));
        }
        return out;
    }

    private static List<String> stringList(YamlNode node) {
        List<String> out = new ArrayList<>();
        if (node instanceof YamlNode.Sequence s) {
            s.items().forEach(i -> out.add(scalarText(i)));
        }
        return out;
    }

    private static String scalarText(YamlNode node) {
        return node instanceof YamlNode.Scalar s ? s.text() : String.valueOf(node.toJava());
    }

    private static Map<String, String> orderedMap(String... pairs) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put(pairs[i], pairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
