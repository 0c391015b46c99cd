package dev.ferry.cli;

import dev.ferry.api.rollout.SourceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reconciler's desired-state source as {@code ferry deployments} shows it: one line for people
 * and one JSON object for {@code --json}. Reads only the stored status, which holds no credentials.
 */
final class SourceLine {
    /** A retry this much overdue means no reconciler is polling. */
    static final Duration STALE = Duration.ofMinutes(1);

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final DateTimeFormatter DATE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private SourceLine() {}

    /**
     * E.g. {@code GitOps remote https://host/x (host host) is unreachable since 10:42:03: fetch
     * failed: Connection refused; 4 failures in a row, next retry in 8s; serving the last applied
     * state}.
     */
    static String describe(SourceStatus s, Instant now, ZoneId zone) {
        String remote = s.remote().orElse("") + s.host().map(h -> " (host " + h + ")").orElse("");
        return switch (s.state()) {
            case LOCAL_ONLY -> "no remote: the local repository is the desired state";
            case SYNCED ->
                    "GitOps remote "
                            + remote
                            + " is in step"
                            + s.lastSuccess()
                                    .map(t -> " (last fetch " + time(t, now, zone) + ")")
                                    .orElse("");
            case UNREACHABLE, REFUSED ->
                    "GitOps remote "
                            + remote
                            + (s.state() == SourceStatus.State.UNREACHABLE
                                    ? " is unreachable since "
                                            + time(s.since(), now, zone)
                                            + ": "
                                            + s.operation()
                                            + " failed: "
                                    : " refused the "
                                            + s.operation()
                                            + " since "
                                            + time(s.since(), now, zone)
                                            + ": ")
                            + s.reason()
                            + "; "
                            + s.failures()
                            + (s.failures() == 1 ? " failure" : " failures in a row")
                            + ", "
                            + retry(s, now, zone)
                            + "; serving the last applied state";
        };
    }

    /** The {@code --json} form; the shape is documented in docs/cli.md. */
    static Map<String, Object> json(SourceStatus s, Instant now, ZoneId zone) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", s.source());
        m.put("remote", s.remote().orElse(null));
        m.put("host", s.host().orElse(null));
        m.put("state", s.state().display());
        m.put("inStep", s.inStep());
        m.put("operation", s.operation());
        m.put("reason", s.reason());
        m.put("failures", s.failures());
        m.put("since", s.since().toString());
        m.put("lastSuccess", s.lastSuccess().map(Instant::toString).orElse(null));
        m.put("nextRetry", s.nextRetry().map(Instant::toString).orElse(null));
        m.put("updatedAt", s.updatedAt().toString());
        m.put("message", describe(s, now, zone));
        return m;
    }

    private static String retry(SourceStatus s, Instant now, ZoneId zone) {
        if (s.nextRetry().isEmpty()) {
            return "no retry planned";
        }
        Duration wait = Duration.between(now, s.nextRetry().get());
        if (!wait.isNegative() && !wait.isZero()) {
            return "next retry in " + seconds(wait);
        }
        if (wait.negated().compareTo(STALE) <= 0) {
            return "next retry due now";
        }
        return "last attempt at "
                + time(s.updatedAt(), now, zone)
                + ", none since: is 'ferry reconcile' running?";
    }

    /** {@code 8s}, {@code 2m10s}: whole seconds, rounded up. */
    static String seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }

    /** The time of day for today, else the date too; in the terminal's time zone. */
    static String time(Instant t, Instant now, ZoneId zone) {
        boolean today = LocalDate.ofInstant(t, zone).equals(LocalDate.ofInstant(now, zone));
        return (today ? TIME : DATE_TIME).format(t.atZone(zone));
    }
}
