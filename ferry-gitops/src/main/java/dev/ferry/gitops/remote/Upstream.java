package dev.ferry.gitops.remote;

import java.util.function.Supplier;

/**
 * Where the desired state's source of truth is: the local repository itself, or a remote the local
 * repository mirrors. Readers (the reconciler) call {@link #fetch()} on every poll; writers
 * (promote, rollback, approve) wrap their commit in {@link #write}.
 */
public interface Upstream {

    /**
     * Brings the local branches up to date with the remote. Never blocks on backoff and never
     * throws for network trouble: while the remote is unreachable it answers the last failure and
     * when the next try is due, and tries again only then. Call it as often as you poll.
     */
    RemoteStatus fetch();

    /**
     * Fetches, runs {@code change} (which commits on {@code branch} of the local repository) and
     * pushes the branch. When someone else pushed meanwhile, fetches again and reruns {@code
     * change} on the new head; while the remote is unreachable, retries with backoff.
     *
     * @throws RemoteUnavailableException when the retries are used up or the remote refuses
     */
    <T> T write(String branch, Supplier<T> change);

    /** The current status without contacting the remote. */
    RemoteStatus status();

    /** No remote: fetching does nothing and writes stay local. */
    static Upstream local() {
        return new Upstream() {
            @Override
            public RemoteStatus fetch() {
                return new RemoteStatus.LocalOnly();
            }

            @Override
            public <T> T write(String branch, Supplier<T> change) {
                return change.get();
            }

            @Override
            public RemoteStatus status() {
                return new RemoteStatus.LocalOnly();
            }
        };
    }
}
