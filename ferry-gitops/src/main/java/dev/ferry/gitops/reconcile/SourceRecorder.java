package dev.ferry.gitops.reconcile;

import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.api.rollout.RolloutStoreException;
import dev.ferry.api.rollout.SourceStatus;
import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteStatus;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Keeps the stored status of the reconciler's desired-state source in step with each fetch: one
 * upsert when the status changed (a failure, a recovery, the next retry moved), and while in step
 * at most one per pass, to carry the time of the last successful fetch. A status that cannot be
 * written is reported and tried again on the next pass; reconciling goes on.
 */
final class SourceRecorder {
    private final RolloutStore store;
    private final String source;
    private final Consumer<String> progress;
    private Optional<SourceStatus> last;
    private boolean loaded;
    private String lastWriteProblem = "";

    SourceRecorder(RolloutStore store, String source, Consumer<String> progress) {
        this.store = store;
        this.source = source;
        this.progress = progress;
    }

    /** Records the status of a fetch made at {@code now}; returns what is stored now. */
    SourceStatus record(RemoteStatus remote, Instant now) {
        if (!loaded) {
            // A restarted reconciler continues the row: since when it fails, its last success.
            last = read();
            loaded = true;
        }
        SourceStatus next = next(source, last, remote, now);
        if (last.isPresent() && last.get().at(now).equals(next)) {
            return last.get();
        }
        try {
            store.saveSourceStatus(next);
            last = Optional.of(next);
            lastWriteProblem = "";
        } catch (RolloutStoreException e) {
            if (!e.getMessage().equals(lastWriteProblem)) {
                progress.accept(
                        "cannot record the desired-state source's status: " + e.getMessage());
            }
            lastWriteProblem = e.getMessage();
        }
        return next;
    }

    private Optional<SourceStatus> read() {
        try {
            return store.sourceStatus(source);
        } catch (RolloutStoreException e) {
            progress.accept("cannot read the desired-state source's status: " + e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * The stored form of {@code remote} for {@code source}, continuing {@code previous} where the
     * remote is the same: the state keeps its {@code since}, and a failure keeps the last success.
     */
    static SourceStatus next(
            String source, Optional<SourceStatus> previous, RemoteStatus remote, Instant now) {
        SourceStatus fresh = fresh(previous, remote, now);
        Optional<SourceStatus> same = previous.filter(p -> p.remote().equals(fresh.remote()));
        Instant since =
                same.filter(p -> p.state() == fresh.state())
                        .map(SourceStatus::since)
                        .orElse(fresh.since());
        Optional<Instant> lastSuccess =
                fresh.lastSuccess().or(() -> same.flatMap(SourceStatus::lastSuccess));
        return new SourceStatus(
                source,
                fresh.remote(),
                fresh.host(),
                fresh.state(),
                fresh.operation(),
                fresh.reason(),
                fresh.failures(),
                since,
                lastSuccess,
                fresh.nextRetry(),
                now);
    }

    private static SourceStatus fresh(
            Optional<SourceStatus> previous, RemoteStatus remote, Instant now) {
        return switch (remote) {
            case RemoteStatus.LocalOnly l ->
                    new SourceStatus(
                            "",
                            Optional.empty(),
                            Optional.empty(),
                            SourceStatus.State.LOCAL_ONLY,
                            "",
                            "",
                            0,
                            now,
                            Optional.empty(),
                            Optional.empty(),
                            now);
            case RemoteStatus.Synced s ->
                    new SourceStatus(
                            "",
                            Optional.of(s.remote().toString()),
                            Optional.of(s.remote().host()),
                            SourceStatus.State.SYNCED,
                            "",
                            "",
                            0,
                            now,
                            Optional.of(s.at()),
                            Optional.empty(),
                            now);
            case RemoteStatus.Unreachable u ->
                    failing(
                            u.remote(),
                            SourceStatus.State.UNREACHABLE,
                            u.operation(),
                            u.reason(),
                            u.failures(),
                            u.nextRetry(),
                            now);
            case RemoteStatus.Refused r -> {
                // RemoteStatus counts refusals only as retries; a new retry time is a new attempt.
                int failures =
                        previous.filter(p -> p.state() == SourceStatus.State.REFUSED)
                                .map(
                                        p ->
                                                p.nextRetry().equals(Optional.of(r.nextRetry()))
                                                        ? p.failures()
                                                        : p.failures() + 1)
                                .orElse(1);
                yield failing(
                        r.remote(),
                        SourceStatus.State.REFUSED,
                        r.operation(),
                        r.reason() + "; " + r.hint(),
                        failures,
                        r.nextRetry(),
                        now);
            }
        };
    }

    private static SourceStatus failing(
            GitRemote remote,
            SourceStatus.State state,
            String operation,
            String reason,
            int failures,
            Instant nextRetry,
            Instant now) {
        return new SourceStatus(
                "",
                Optional.of(remote.toString()),
                Optional.of(remote.host()),
                state,
                operation,
                scrub(reason),
                failures,
                now,
                Optional.empty(),
                Optional.of(nextRetry),
                now);
    }

    /** Drops user information from anything URL-shaped, whatever it holds. */
    static String scrub(String text) {
        return text.replaceAll("//[^/@\\s]*@", "//");
    }
}
