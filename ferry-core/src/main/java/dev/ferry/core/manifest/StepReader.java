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
        step.entries().forEach(e -> record(e.key(), e.value()));
        String name = text("name").orElse("");
        return new StepSpec(
                name,
                action(name),
                step.get("with").map(w -> mapOf(w)).orElse(Map.of()),
                step.get("env").map(StepReader::strings).orElse(Map.of()),
                needs(),
                step.get("if").map(n -> ((YamlNode.Scalar) n).text()),
                step.get("matrix").map(m -> mapOf(m)).orElse(Map.of()),
                step.get("parallelism").map(n -> ((Number) n.toJava()).intValue()).orElse(0),
                retry(),
                step.get("timeout").flatMap(this::duration),
                step.get("cache").map(n -> (Boolean) n.toJava()).orElse(true),
                step.get("outputs").map(StepReader::strings).orElse(Map.of()),
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
            case "uses" -> new StepAction.Uses(((YamlNode.Scalar) action.value()).text());
            case "run" -> new StepAction.Run(stringList(action.value()));
            default -> new StepAction.Suspend();
        };
    }

    private List<String> needs() {
        return step.get("needs")
                .map(n -> n instanceof YamlNode.Scalar s ? List.of(s.text()) : stringList(n))
                .orElse(List.of());
    }

    private RetrySpec retry() {
        Optional<YamlNode> retry = step.get("retry");
        if (retry.isEmpty()) {
            return RetrySpec.NONE;
        }
        YamlNode.Mapping m = (YamlNode.Mapping) retry.get();
        int limit = m.get("limit").map(n -> ((Number) n.toJava()).intValue()).orElse(0);
        Duration backoff = m.get("backoff").flatMap(this::duration).orElse(DEFAULT_BACKOFF);
        double factor =
                m.get("factor")
                        .map(n -> ((Number) n.toJava()).doubleValue())
                        .orElse(DEFAULT_FACTOR);
        return new RetrySpec(limit, backoff, factor);
    }

    private Optional<Duration> duration(YamlNode node) {
        String text = ((YamlNode.Scalar) node).text();
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
        return step.get(key).map(n -> ((YamlNode.Scalar) n).text());
    }

    /** Records the location of every node below the step under its dotted path. */
    private void record(String path, YamlNode node) {
        locations.put(path, node.at());
        switch (node) {
            case YamlNode.Mapping m ->
                    m.entries().forEach(e -> record(path + "." + e.key(), e.value()));
            case YamlNode.Sequence s -> {
                for (int i = 0; i < s.items().size(); i++) {
                    record(path + "." + i, s.items().get(i));
                }
            }
            case YamlNode.Scalar s -> {}
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> mapOf(YamlNode node) {
        return (Map<String, Object>) node.toJava();
    }

    static Map<String, String> strings(YamlNode node) {
        Map<String, String> out = new LinkedHashMap<>();
        ((YamlNode.Mapping) node).entries().forEach(e -> out.put(e.key(), scalarText(e.value())));
        return out;
    }

    private static List<String> stringList(YamlNode node) {
        List<String> out = new ArrayList<>();
        ((YamlNode.Sequence) node).items().forEach(i -> out.add(scalarText(i)));
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
