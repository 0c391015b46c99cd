package dev.ferry.core.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.metadata.EventRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class CacheDecisionTest {

    @Test
    void survivesTheRoundTripThroughTheEventLog() {
        var key =
                new CacheKey(
                        "sha256:" + "1".repeat(64),
                        new TreeMap<>(Map.of("uses", "ferry/split", "input:eval", "0.2")));
        var decision =
                new CacheDecision(
                        "r1:split:0:1",
                        "split",
                        0,
                        Optional.of(key),
                        CacheDecision.Outcome.HIT,
                        Optional.of("r0:split:0:1"),
                        Optional.empty());
        var event =
                new EventRecord(
                        7, "r1", Instant.EPOCH, CacheDecision.EVENT_TYPE, decision.toEventData());
        assertThat(CacheDecision.fromEvent(event)).contains(decision);
    }

    @Test
    void ignoresOtherEvents() {
        var event = new EventRecord(1, "r1", Instant.EPOCH, "dev.ferry.run.started", Map.of());
        assertThat(CacheDecision.fromEvent(event)).isEmpty();
    }
}
