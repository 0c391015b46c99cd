package dev.ferry.core.expression;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.pipeline.ManifestException;
import dev.ferry.api.pipeline.SourceLocation;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ValueTemplateTest {

    private static SourceLocation locate(String path) {
        return switch (path) {
            case "with.gate.accuracy" -> new SourceLocation("p.yaml", 12, 21);
            case "with.files.1" -> new SourceLocation("p.yaml", 15, 11);
            default -> new SourceLocation("p.yaml", 1, 1);
        };
    }

    @Test
    void resolvesNestedMapsAndListsKeepingTypesAndOrder() {
        Map<String, Object> with = new LinkedHashMap<>();
        with.put("epochs", 5);
        with.put("seed", "${{ params.seed }}");
        with.put("files", List.of("a.csv", "${{ params.name }}.csv"));
        with.put("gate", Map.of("accuracy", "${{ params.min }}"));
        with.put("nothing", null);
        ValueTemplate t = ValueTemplate.compile(with, "with", ValueTemplateTest::locate);
        MapScope scope =
                new MapScope()
                        .with("params.seed", 42L)
                        .with("params.name", "b")
                        .with("params.min", 0.9);

        Map<String, Object> resolved = t.resolveMap(scope);
        assertThat(resolved)
                .containsExactly(
                        Map.entry("epochs", 5),
                        Map.entry("seed", 42L),
                        Map.entry("files", List.of("a.csv", "b.csv")),
                        Map.entry("gate", Map.of("accuracy", 0.9)),
                        new java.util.AbstractMap.SimpleEntry<>("nothing", null));
        assertThat(t.references())
                .containsExactly(
                        new Reference.Param("seed"),
                        new Reference.Param("name"),
                        new Reference.Param("min"));
    }

    @Test
    void reportsEveryMalformedExpressionWithItsOwnLocation() {
        Map<String, Object> with =
                Map.of(
                        "gate",
                        Map.of("accuracy", "${{ params. }}"),
                        "files",
                        List.of("x", "${{ ("));
        assertThatThrownBy(() -> ValueTemplate.compile(with, "with", ValueTemplateTest::locate))
                .isInstanceOfSatisfying(
                        ManifestException.class,
                        e ->
                                assertThat(e.problems())
                                        .extracting(p -> p.at().line())
                                        .containsExactlyInAnyOrder(12, 15));
    }
}
