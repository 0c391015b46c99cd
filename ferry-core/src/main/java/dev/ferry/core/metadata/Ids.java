package dev.ferry.core.metadata;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * Generates identifiers that sort by creation time.
 *
 * <p>Run ids are short enough to type, {@code 20261123-025601-a1b2} (UTC time plus 16 random bits);
 * any unique prefix finds the run. Other ids (step runs, events) are ULIDs: 26 Crockford base-32
 * characters, 48 bits of milliseconds then 80 random bits.
 */
public final class Ids {
    private static final DateTimeFormatter RUN_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final char[] CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final RandomGenerator random;

    public Ids(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    /** Ids from the system clock and a strong random source. */
    public static Ids system() {
        return new Ids(Clock.systemUTC(), new SecureRandom());
    }

    /** A new run id such as {@code 20261123-025601-a1b2}. */
    public String newRunId() {
        byte[] suffix = new byte[2];
        random.nextBytes(suffix);
        return RUN_TIME.format(clock.instant()) + "-" + HexFormat.of().formatHex(suffix);
    }

    /** A new ULID such as {@code 01JDBQ7X8Z9K3M4N5P6Q7R8S9T}. */
    public String newId() {
        long time = clock.millis();
        char[] out = new char[26];
        // 48-bit time in the first 10 characters (the top 2 bits of 50 are zero).
        for (int i = 9; i >= 0; i--) {
            out[i] = CROCKFORD[(int) (time & 31)];
            time >>>= 5;
        }
        long high = random.nextLong() & 0xFFFFFFFFFFL; // 40 bits
        long low = random.nextLong() & 0xFFFFFFFFFFL; // 40 bits
        for (int i = 17; i >= 10; i--) {
            out[i] = CROCKFORD[(int) (high & 31)];
            high >>>= 5;
        }
        for (int i = 25; i >= 18; i--) {
            out[i] = CROCKFORD[(int) (low & 31)];
            low >>>= 5;
        }
        return new String(out);
    }
}
