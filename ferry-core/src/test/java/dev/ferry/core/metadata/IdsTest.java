package dev.ferry.core.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdsTest {
    private static Ids at(String instant, long seed) {
        return new Ids(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), new Random(seed));
    }

    @Test
    void runIdsReadAsTheUtcTimeFollowedByFourHexDigits() {
        assertThat(at("2026-11-23T02:56:01Z", 1).newRunId()).matches("20261123-025601-[0-9a-f]{4}");
    }

    @Test
    void runIdsSortByCreationTime() {
        String earlier = at("2026-11-23T02:56:01Z", 7).newRunId();
        String later = at("2026-11-23T02:56:02Z", 8).newRunId();
        assertThat(earlier).isLessThan(later);
    }

    @Test
    void ulidsAreTwentySixCrockfordCharactersThatSortByTime() {
        String first = at("2026-11-23T02:56:01.001Z", 1).newId();
        String second = at("2026-11-23T02:56:01.002Z", 1).newId();
        assertThat(first).matches("[0-9A-HJKMNP-TV-Z]{26}");
        assertThat(first).isLessThan(second);
        assertThat(first.substring(10)).isEqualTo(second.substring(10));
    }

    @Test
    void ulidsFromTheSameMillisecondDiffer() {
        Ids ids = at("2026-11-23T02:56:01Z", 3);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            seen.add(ids.newId());
        }
        assertThat(seen).hasSize(10_000);
    }
}
