package dev.ferry.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CacheExplainerDiffTest {

    private static CacheKey key(Map<String, String> components) {
        return new CacheKey("sha256:" + "0".repeat(64), new TreeMap<>(components));
    }

    @Test
    void namesEveryChangedAddedAndRemovedComponentWithOldAndNewValue() {
        var before = key(Map.of("uses", "ferry/train", "input:lr", "0.01", "env:SEED", "1"));
        var after = key(Map.of("uses", "ferry/train", "input:lr", "0.05", "input:epochs", "5"));
        var changes = CacheExplainer.diff(before, after);
        assertThat(changes)
                .containsExactly(
                        new CacheExplanation.Change("env:SEED", Optional.of("1"), Optional.empty()),
                        new CacheExplanation.Change(
                                "input:epochs", Optional.empty(), Optional.of("5")),
                        new CacheExplanation.Change(
                                "input:lr", Optional.of("0.01"), Optional.of("0.05")));
        assertThat(changes.get(2).describe()).isEqualTo("input:lr: 0.01 -> 0.05");
        assertThat(changes.get(0).describe()).isEqualTo("env:SEED: 1 -> (absent)");
    }

    @Test
    void findsNothingWhenTheComponentsAreEqual() {
        var key = key(Map.of("uses", "ferry/train"));
        assertThat(CacheExplainer.diff(key, key)).isEmpty();
    }
}
