package dev.ferry.api.rollout;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * How the reconciler's desired-state source stands: in step with its remote, or why not, since when
 * and when it tries again. Written by the reconciler after each fetch attempt, read by {@code ferry
 * deployments}. Holds no credentials: the remote is stored as Ferry prints it, without a password
 * or token (an {@code https://} user name is dropped too).
 *
 * @param source what the reconciler follows, e.g. the branch {@code main}; one row each
 * @param remote the remote as Ferry prints it, without credentials; empty without remote
 * @param host the remote's {@code host[:port]} (or a local remote's path); empty without remote
 * @param state where the source stands
 * @param operation what failed, e.g. {@code fetch}; empty while in step
 * @param reason why it failed, e.g. {@code Connection refused}; empty while in step
 * @param failures failed attempts in a row; 0 while in step
 * @param since when the source entered its state (the first failure of a row, or the first success
 *     after failures)
 * @param lastSuccess when a fetch last succeeded, if ever
 * @param nextRetry when the next attempt is due, while not in step
 * @param updatedAt when this status was written
 */
public record SourceStatus(
        String source,
        Optional<String> remote,
        Optional<String> host,
        State state,
        String operation,
        String reason,
        int failures,
        Instant since,
        Optional<Instant> lastSuccess,
        Optional<Instant> nextRetry,
        Instant updatedAt) {

    /** Where a desired-state source stands. */
    public enum State {
        /** The last fetch succeeded. */
        SYNCED,
        /** No remote: the local repository is the desired state. */
        LOCAL_ONLY,
        /** The remote could not be reached (network, DNS, timeout); retried with backoff. */
        UNREACHABLE,
        /** The remote answered but refused (credentials, no such repository). */
        REFUSED;

        /** Lower-case spelling for tables and JSON, e.g. {@code local-only}. */
        public String display() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public SourceStatus {
        if (failures < 0) {
            throw new IllegalArgumentException("failures must be >= 0, got " + failures);
        }
    }

    /** Whether the reconciler works from what the remote has now. */
    public boolean inStep() {
        return state == State.SYNCED || state == State.LOCAL_ONLY;
    }

    /** The same status written at another time, to compare statuses regardless of it. */
    public SourceStatus at(Instant time) {
        return new SourceStatus(
                source,
                remote,
                host,
                state,
                operation,
                reason,
                failures,
                since,
                lastSuccess,
                nextRetry,
                time);
    }
}
