package dev.ferry.gitops.remote;

import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsException;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.api.FetchCommand;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.LsRemoteCommand;
import org.eclipse.jgit.api.PushCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.FetchResult;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.TrackingRefUpdate;

/**
 * Keeps the desired-state repository in {@code FERRY_HOME} a mirror of a remote: a fetch
 * force-updates the local branches to the remote's; a write commits on the freshly fetched branch
 * and pushes it, and a push rejected because someone else pushed first is redone on their commit.
 * The remote is always right: a local commit that could not be pushed is dropped again.
 */
public final class RemoteSync implements Upstream {
    /** How many times a write is redone because others pushed first. */
    static final int MAX_RACES = 8;

    private static final RefSpec MIRROR = new RefSpec("+refs/heads/*:refs/heads/*");

    /** Waits between retries; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final DesiredStateRepository repository;
    private final GitRemote remote;
    private final RemoteAccess access;
    private final Backoff backoff;
    private final Duration timeout;
    private final Clock clock;
    private final Sleeper sleeper;
    private final RemoteFailures failureTexts;

    private final Object lock = new Object();
    private RemoteStatus last;
    private int failures;

    public RemoteSync(
            DesiredStateRepository repository,
            GitRemote remote,
            RemoteAccess access,
            Backoff backoff,
            Duration timeout,
            Clock clock,
            Sleeper sleeper) {
        this.repository = repository;
        this.remote = remote;
        this.access = access;
        this.backoff = backoff;
        this.timeout = timeout;
        this.clock = clock;
        this.sleeper = sleeper;
        this.failureTexts = new RemoteFailures(remote, access);
        this.last = new RemoteStatus.Synced(remote, Instant.EPOCH, List.of());
    }

    /** The standard backoff, a 30 s network timeout, the system clock and real sleeping. */
    public static RemoteSync of(
            DesiredStateRepository repository, GitRemote remote, RemoteAccess access) {
        return new RemoteSync(
                repository,
                remote,
                access,
                Backoff.standard(),
                Duration.ofSeconds(30),
                Clock.systemUTC(),
                d -> Thread.sleep(d));
    }

    public GitRemote remote() {
        return remote;
    }

    @Override
    public RemoteStatus status() {
        synchronized (lock) {
            return last;
        }
    }

    @Override
    public RemoteStatus fetch() {
        synchronized (lock) {
            Instant now = clock.instant();
            Optional<Instant> due = nextRetry(last);
            if (due.isPresent() && now.isBefore(due.get())) {
                return refreshed(last, now);
            }
            return fetchOnce();
        }
    }

    /**
     * Fetches, retrying with backoff while the remote is unreachable.
     *
     * @throws RemoteUnavailableException when the tries are used up or the remote refuses
     */
    public RemoteStatus.Synced fetchOrFail() {
        synchronized (lock) {
            Instant started = clock.instant();
            while (true) {
                RemoteStatus s = fetchOnce();
                switch (s) {
                    case RemoteStatus.Synced synced -> {
                        return synced;
                    }
                    case RemoteStatus.Refused refused -> throw unavailable(refused);
                    case RemoteStatus.Unreachable u -> waitOrGiveUp(u, started);
                    case RemoteStatus.LocalOnly l -> throw new IllegalStateException();
                }
            }
        }
    }

    @Override
    public <T> T write(String branch, Supplier<T> change) {
        synchronized (lock) {
            Instant started = clock.instant();
            int races = 0;
            while (true) {
                fetchOrFail();
                Optional<ObjectId> before = localHead(branch);
                T result = change.get();
                RemoteStatus pushed = pushOnce(branch, before);
                switch (pushed) {
                    case RemoteStatus.Synced s -> {
                        return result;
                    }
                    case RemoteStatus.Refused r when r.hint().equals(RACE_HINT) -> {
                        if (++races >= MAX_RACES) {
                            throw new RemoteUnavailableException(
                                    "branch "
                                            + branch
                                            + " of "
                                            + remote
                                            + " kept moving: "
                                            + races
                                            + " pushes in a row were overtaken by others; try"
                                            + " again",
                                    r);
                        }
                    }
                    case RemoteStatus.Refused r -> throw unavailable(r);
                    case RemoteStatus.Unreachable u -> waitOrGiveUp(u, started);
                    case RemoteStatus.LocalOnly l -> throw new IllegalStateException();
                }
            }
        }
    }

    /**
     * Pushes {@code branches} as they are locally, for {@code ferry gitops init} filling an empty
     * remote; retries with backoff while unreachable.
     */
    public void publish(List<String> branches) {
        synchronized (lock) {
            Instant started = clock.instant();
            for (String branch : branches) {
                while (true) {
                    RemoteStatus s = pushOnce(branch, Optional.empty());
                    if (s instanceof RemoteStatus.Synced) {
                        break;
                    }
                    if (s instanceof RemoteStatus.Unreachable u) {
                        waitOrGiveUp(u, started);
                        continue;
                    }
                    throw unavailable((RemoteStatus.Refused) s);
                }
            }
        }
    }

    /** The branches the remote has, after a fetch. */
    public List<String> remoteBranches() {
        try {
            List<String> names = new ArrayList<>();
            LsRemoteCommand list =
                    Git.lsRemoteRepository()
                            .setRemote(remote.url())
                            .setHeads(true)
                            .setTimeout(seconds());
            access.configure(list);
            for (Ref ref : list.call()) {
                names.add(Repository.shortenRefName(ref.getName()));
            }
            return names;
        } catch (GitAPIException e) {
            RemoteStatus s = failed(classify("list branches", e));
            throw new RemoteUnavailableException(s.describe(), s);
        }
    }

    // --- one attempt each

    private RemoteStatus fetchOnce() {
        try {
            FetchCommand fetch =
                    git().fetch().setRemote(remote.url()).setRefSpecs(MIRROR).setTimeout(seconds());
            access.configure(fetch);
            FetchResult result = fetch.call();
            List<String> updated = new ArrayList<>();
            for (TrackingRefUpdate u : result.getTrackingRefUpdates()) {
                updated.add(Repository.shortenRefName(u.getLocalName()));
            }
            return succeeded(updated);
        } catch (GitAPIException | RuntimeException e) {
            return failed(classify("fetch", e));
        }
    }

    private RemoteStatus pushOnce(String branch, Optional<ObjectId> fetched) {
        String ref = Constants.R_HEADS + branch;
        String operation = "push " + branch;
        try {
            PushCommand push =
                    git().push()
                            .setRemote(remote.url())
                            .setRefSpecs(new RefSpec(ref + ":" + ref))
                            .setTimeout(seconds());
            access.configure(push);
            for (PushResult result : push.call()) {
                for (RemoteRefUpdate update : result.getRemoteUpdates()) {
                    switch (update.getStatus()) {
                        case OK, UP_TO_DATE -> {}
                        case REJECTED_NONFASTFORWARD, REJECTED_REMOTE_CHANGED -> {
                            resetLocal(branch, fetched);
                            return refused(operation, "someone else pushed first", RACE_HINT);
                        }
                        default -> {
                            resetLocal(branch, fetched);
                            return failed(
                                    new RemoteStatus.Refused(
                                            remote,
                                            operation,
                                            failureTexts.scrub(
                                                    update.getStatus()
                                                                    .name()
                                                                    .toLowerCase(Locale.ROOT)
                                                                    .replace('_', ' ')
                                                            + Optional.ofNullable(
                                                                            update.getMessage())
                                                                    .map(m -> " (" + m + ")")
                                                                    .orElse("")),
                                            "the remote does not accept this push (a protected"
                                                    + " branch?); check its settings",
                                            clock.instant(),
                                            clock.instant()));
                        }
                    }
                }
            }
            return succeeded(List.of());
        } catch (GitAPIException | RuntimeException e) {
            resetLocal(branch, fetched);
            return failed(classify(operation, e));
        }
    }

    static final String RACE_HINT = "fetching again and redoing the change";

    private RemoteStatus refused(String operation, String reason, String hint) {
        Instant now = clock.instant();
        return new RemoteStatus.Refused(remote, operation, reason, hint, now, now);
    }

    /** A commit the remote did not take must not stay readable locally. */
    private void resetLocal(String branch, Optional<ObjectId> before) {
        if (before.isEmpty() && localHead(branch).isEmpty()) {
            return;
        }
        try {
            RefUpdate update = repository.repository().updateRef(Constants.R_HEADS + branch);
            update.setForceUpdate(true);
            if (before.isPresent()) {
                update.setNewObjectId(before.get());
                update.update();
            } else {
                update.delete();
            }
        } catch (IOException e) {
            throw new GitOpsException(
                    "cannot reset branch " + branch + " after a failed push: " + e.getMessage(), e);
        }
    }

    private Optional<ObjectId> localHead(String branch) {
        try {
            Ref ref = repository.repository().exactRef(Constants.R_HEADS + branch);
            return Optional.ofNullable(ref).map(Ref::getObjectId);
        } catch (IOException e) {
            throw new GitOpsException("cannot read branch " + branch + ": " + e.getMessage(), e);
        }
    }

    // --- status bookkeeping

    private RemoteStatus succeeded(List<String> updated) {
        failures = 0;
        last = new RemoteStatus.Synced(remote, clock.instant(), updated);
        return last;
    }

    private RemoteStatus failed(RemoteStatus status) {
        last = status;
        return status;
    }

    private RemoteStatus classify(String operation, Exception e) {
        failures++;
        Instant now = clock.instant();
        return failureTexts.classify(
                operation, e, failures, now.plus(backoff.delayAfter(failures)), now);
    }

    private void waitOrGiveUp(RemoteStatus.Unreachable u, Instant started) {
        if (u.failures() >= backoff.attempts()) {
            throw new RemoteUnavailableException(
                    "GitOps remote "
                            + remote
                            + " (host "
                            + remote.host()
                            + ") is unreachable: "
                            + u.operation()
                            + " failed "
                            + u.failures()
                            + " times over "
                            + RemoteStatus.human(Duration.between(started, clock.instant()))
                            + " (last: "
                            + u.reason()
                            + "); gave up. Check the URL and the network, then run the command"
                            + " again",
                    u);
        }
        try {
            sleeper.sleep(Duration.between(clock.instant(), u.nextRetry()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RemoteUnavailableException(
                    "interrupted while waiting to retry: " + u.describe(), u);
        }
    }

    private RemoteUnavailableException unavailable(RemoteStatus.Refused r) {
        return new RemoteUnavailableException(r.describe(), r);
    }

    private static Optional<Instant> nextRetry(RemoteStatus s) {
        return switch (s) {
            case RemoteStatus.Unreachable u -> Optional.of(u.nextRetry());
            case RemoteStatus.Refused r -> Optional.of(r.nextRetry());
            default -> Optional.empty();
        };
    }

    /** The same failure, with "next retry in" counted from now. */
    private static RemoteStatus refreshed(RemoteStatus s, Instant now) {
        return switch (s) {
            case RemoteStatus.Unreachable u ->
                    new RemoteStatus.Unreachable(
                            u.remote(),
                            u.operation(),
                            u.reason(),
                            u.failures(),
                            u.nextRetry(),
                            now);
            case RemoteStatus.Refused r ->
                    new RemoteStatus.Refused(
                            r.remote(), r.operation(), r.reason(), r.hint(), r.nextRetry(), now);
            default -> s;
        };
    }

    private int seconds() {
        return (int) Math.max(1, timeout.toSeconds());
    }

    private Git git() {
        return Git.wrap(repository.repository());
    }
}
