package dev.ferry.gitops.remote;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * How the desired-state repository stands against its remote after the last fetch: in step, or why
 * not and when the next try is due. {@link #describe()} is the status line shown to people.
 */
public sealed interface RemoteStatus {

    /** One line for status output and errors; never contains credentials. */
    String describe();

    /** Whether the local branches match the remote as of {@code at}. */
    default boolean synced() {
        return this instanceof Synced || this instanceof LocalOnly;
    }

    /** There is no remote: the repository in {@code FERRY_HOME} is the source of truth. */
    record LocalOnly() implements RemoteStatus {
        @Override
        public String describe() {
            return "no remote: the local repository is the desired state";
        }
    }

    /**
     * The fetch succeeded.
     *
     * @param remote the remote
     * @param at when it succeeded
     * @param updated the branches that moved, empty when nothing changed
     */
    record Synced(GitRemote remote, Instant at, List<String> updated) implements RemoteStatus {
        public Synced {
            updated = List.copyOf(updated);
        }

        @Override
        public String describe() {
            return "in step with "
                    + remote
                    + (updated.isEmpty() ? "" : " (updated " + String.join(", ", updated) + ")");
        }
    }

    /**
     * The remote could not be reached (network, DNS, timeout); retried with backoff.
     *
     * @param remote the remote
     * @param operation what failed, e.g. {@code fetch} or {@code push staging}
     * @param reason why, e.g. {@code Connection refused}
     * @param failures failures in a row so far
     * @param nextRetry when the next try is due
     * @param now when this status was made, to say how long until the next try
     */
    record Unreachable(
            GitRemote remote,
            String operation,
            String reason,
            int failures,
            Instant nextRetry,
            Instant now)
            implements RemoteStatus {
        @Override
        public String describe() {
            return "GitOps remote "
                    + remote
                    + " (host "
                    + remote.host()
                    + ") is unreachable: "
                    + operation
                    + " failed: "
                    + reason
                    + "; "
                    + failures
                    + (failures == 1 ? " failure" : " failures in a row")
                    + ", next retry in "
                    + human(Duration.between(now, nextRetry))
                    + " (at "
                    + nextRetry.truncatedTo(ChronoUnit.SECONDS)
                    + ")";
        }
    }

    /**
     * The remote answered but refused: bad credentials, no such repository, a protected branch.
     * Retrying without a change of configuration will not help; pollers still retry with backoff.
     */
    record Refused(
            GitRemote remote,
            String operation,
            String reason,
            String hint,
            Instant nextRetry,
            Instant now)
            implements RemoteStatus {
        @Override
        public String describe() {
            return "GitOps remote "
                    + remote
                    + " (host "
                    + remote.host()
                    + ") refused the "
                    + operation
                    + ": "
                    + reason
                    + "; "
                    + hint;
        }
    }

    /** A short human duration: {@code 250ms}, {@code 4s}, {@code 2m10s}. */
    static String human(Duration d) {
        if (d.isNegative() || d.isZero()) {
            return "0s";
        }
        if (d.toMillis() < 1000) {
            return d.toMillis() + "ms";
        }
        long s = (d.toMillis() + 999) / 1000;
        return s < 60 ? s + "s" : (s / 60) + "m" + (s % 60 == 0 ? "" : (s % 60) + "s");
    }
}
