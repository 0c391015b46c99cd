package dev.ferry.core.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.core.execution.ArtifactValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CacheKeysTest {
    private final CacheKeys keys = new CacheKeys();
    private final StepDefinition split = new StepDefinition.Builtin("ferry/split", "1");

    private static ArtifactValue artifact(char c) {
        return new ArtifactValue(new Digest(String.valueOf(c).repeat(64)), "dataset", "text/csv");
    }

    @Test
    void theSameStepWithTheSameInputsHasTheSameKey() {
        var a = keys.of(split, Map.of("eval", 0.2, "data", artifact('a')), Map.of(), Map.of());
        var b = keys.of(split, Map.of("eval", 0.2, "data", artifact('a')), Map.of(), Map.of());
        assertThat(a.value()).isEqualTo(b.value()).startsWith("sha256:").hasSize(71);
    }

    @Test
    void theOrderOfMapEntriesDoesNotChangeTheKey() {
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("a", 1);
        one.put("b", Map.of("x", 1, "y", 2));
        Map<String, Object> nestedReversed = new LinkedHashMap<>();
        nestedReversed.put("y", 2);
        nestedReversed.put("x", 1);
        Map<String, Object> two = new LinkedHashMap<>();
        two.put("b", nestedReversed);
        two.put("a", 1);
        assertThat(keys.of(split, one, Map.of(), Map.of()).value())
                .isEqualTo(keys.of(split, two, Map.of(), Map.of()).value());
    }

    @Test
    void numbersSpelledDifferentlyButEqualGiveTheSameKey() {
        assertThat(keys.of(split, Map.of("epochs", 5), Map.of(), Map.of()).value())
                .isEqualTo(keys.of(split, Map.of("epochs", 5.0), Map.of(), Map.of()).value());
    }

    @Test
    void eachComponentChangesTheKey() {
        var base =
                keys.of(
                        split,
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        var otherVersion =
                keys.of(
                        new StepDefinition.Builtin("ferry/split", "2"),
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        var otherUses =
                keys.of(
                        new StepDefinition.Builtin("ferry/splot", "1"),
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        var otherInput =
                keys.of(
                        split,
                        Map.of("eval", 0.3, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        var otherArtifact =
                keys.of(
                        split,
                        Map.of("eval", 0.2, "data", artifact('b')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        var otherEnv =
                keys.of(
                        split,
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "2"),
                        Map.of("lr", 0.1));
        var otherMatrix =
                keys.of(
                        split,
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.2));
        assertThat(
                        List.of(
                                otherVersion,
                                otherUses,
                                otherInput,
                                otherArtifact,
                                otherEnv,
                                otherMatrix))
                .extracting(CacheKey::value)
                .doesNotContain(base.value())
                .doesNotHaveDuplicates();
    }

    @Test
    void keepsEachComponentUnderANameExplainCanShow() {
        var key =
                keys.of(
                        split,
                        Map.of("eval", 0.2, "data", artifact('a')),
                        Map.of("A", "1"),
                        Map.of("lr", 0.1));
        assertThat(key.components())
                .containsEntry("uses", "ferry/split")
                .containsEntry("version", "1")
                .containsEntry("input:eval", "0.2")
                .containsEntry("artifact:data", "\"sha256:" + "a".repeat(64) + "\"")
                .containsEntry("env:A", "1")
                .containsEntry("matrix:lr", "0.1");
    }

    @Test
    void aProcessStepIsKeyedByItsArgvAndTheContentOfItsCodeFiles(@TempDir Path dir)
            throws Exception {
        Files.writeString(dir.resolve("train.py"), "print(1)");
        var process =
                new StepDefinition.Process(
                        List.of("python3", "train.py"), List.of("train.py"), dir);
        var before = keys.of(process, Map.of(), Map.of(), Map.of());
        var otherArgv =
                keys.of(
                        new StepDefinition.Process(
                                List.of("python3", "train.py", "-v"), List.of("train.py"), dir),
                        Map.of(),
                        Map.of(),
                        Map.of());
        Files.writeString(dir.resolve("train.py"), "print(2)");
        var edited = keys.of(process, Map.of(), Map.of(), Map.of());
        assertThat(before.components()).containsKeys("run", "code:train.py");
        assertThat(List.of(otherArgv.value(), edited.value())).doesNotContain(before.value());
        assertThat(CacheExplainer.diff(before, edited))
                .extracting(CacheExplanation.Change::component)
                .containsExactly("code:train.py");
    }

    @Test
    void aMissingCodeFileIsReportedWithItsName(@TempDir Path dir) {
        var process = new StepDefinition.Process(List.of("python3"), List.of("gone.py"), dir);
        assertThatThrownBy(() -> keys.of(process, Map.of(), Map.of(), Map.of()))
                .isInstanceOf(CacheException.class)
                .hasMessageContaining("code file 'gone.py' does not exist");
    }

    @Test
    void componentsCannotBeShiftedIntoEachOther() {
        var a = keys.of(split, Map.of("ab", "c"), Map.of(), Map.of());
        var b = keys.of(split, Map.of("a", "bc"), Map.of(), Map.of());
        assertThat(a.value()).isNotEqualTo(b.value());
    }

    @Test
    void anInputNamingAFileChangesTheKeyWhenTheFileChanges(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Files.writeString(dir.resolve("data.csv"), "a,b\n1,2\n");
        Map<String, Object> inputs = Map.of("file", "data.csv", "label", "b");
        var before = keys.of(split, inputs, Map.of(), Map.of(), java.util.Optional.of(dir));
        var again = keys.of(split, inputs, Map.of(), Map.of(), java.util.Optional.of(dir));

        java.nio.file.Files.writeString(dir.resolve("data.csv"), "a,b\n1,3\n");
        var after = keys.of(split, inputs, Map.of(), Map.of(), java.util.Optional.of(dir));

        assertThat(again.value()).isEqualTo(before.value());
        assertThat(after.value()).isNotEqualTo(before.value());
        assertThat(after.components()).containsKey("file:file").doesNotContainKey("file:label");
    }

    @Test
    void aTextNamingADirectoryDoesNotEnterTheKey(
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        var key =
                keys.of(
                        split,
                        Map.of("where", "."),
                        Map.of(),
                        Map.of(),
                        java.util.Optional.of(dir));

        assertThat(key.components()).doesNotContainKey("file:where");
    }
}
