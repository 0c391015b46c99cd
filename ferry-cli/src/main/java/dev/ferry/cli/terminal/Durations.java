package dev.ferry.cli.terminal;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/** Formats times and durations the way people read them in a terminal. */
public final class Durations {
    private static final DateTimeFormatter LOCAL =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    private Durations() {}

    /** {@code 850ms}, {@code 12.3s}, {@code 4m05s}, {@code 2h03m}. */
    public static String human(Duration d) {
        long ms = d.toMillis();
        if (ms < 1_000) {
            return ms + "ms";
        }
        if (ms < 60_000) {
            return String.format("%.1fs", ms / 1000.0);
        }
        long s = d.toSeconds();
        if (s < 3600) {
            return String.format("%dm%02ds", s / 60, s % 60);
        }
        return String.format("%dh%02dm", s / 3600, (s % 3600) / 60);
    }

    /** The time between two instants, or since {@code start} when the end is not there yet. */
    public static String between(Optional<Instant> start, Optional<Instant> end) {
        return start.map(s -> human(Duration.between(s, end.orElse(Instant.now())))).orElse("");
    }

    public static String local(Instant instant) {
        return LOCAL.format(instant);
    }
}
