package dev.ferry.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class StickyHashTest {

    private static int hash(String s, int seed) {
        return StickyHash.murmur3(s.getBytes(StandardCharsets.UTF_8), seed);
    }

    @Test
    void matchesTheReferenceMurmur3Vectors() {
        assertThat(hash("", 0)).isZero();
        assertThat(hash("", 1)).isEqualTo(0x514E28B7);
        assertThat(hash("hello", 0)).isEqualTo(0x248BFA47);
        assertThat(hash("The quick brown fox jumps over the lazy dog", 0x9747b28c))
                .isEqualTo(0x2FA826CD);
        assertThat(hash("aaaa", 0x9747b28c)).isEqualTo(0x5A97808A);
        assertThat(hash("abc", 0)).isEqualTo(0xB3DD93FA);
    }

    @Test
    void aKeyAlwaysLandsOnTheSamePoint() {
        assertThat(StickyHash.point("user-42", 100)).isEqualTo(StickyHash.point("user-42", 100));
    }

    @Test
    void similarKeysSpreadEvenlyOverTheRange() {
        // Seeded generator of keys that differ in few characters, the worst case for weak hashes.
        SplittableRandom random = new SplittableRandom(7);
        int[] buckets = new int[10];
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            buckets[StickyHash.point("user-" + random.nextInt(1_000_000), 100) / 10]++;
        }
        for (int b : buckets) {
            assertThat(b).isBetween(n / 10 - 600, n / 10 + 600);
        }
        int[] sequential = new int[10];
        for (int i = 0; i < n; i++) {
            sequential[StickyHash.point("session" + i, 100) / 10]++;
        }
        for (int b : sequential) {
            assertThat(b).isBetween(n / 10 - 600, n / 10 + 600);
        }
    }
}
