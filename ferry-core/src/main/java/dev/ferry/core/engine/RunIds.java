package dev.ferry.core.engine;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Makes run ids that sort by creation time and read well: {@code 20261123-031502-k3f9qa}. */
final class RunIds {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final char[] ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    RunIds(Clock clock) {
        this.clock = clock;
    }

    String next() {
        StringBuilder id = new StringBuilder(TIME.format(clock.instant())).append('-');
        for (int i = 0; i < 6; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.toString();
    }
}
