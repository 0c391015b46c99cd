package dev.ferry.gitops.remote;

import java.util.Optional;
import org.eclipse.jgit.api.TransportCommand;

/**
 * How Ferry proves who it is to a Git remote: not at all ({@code file://}), with a token (HTTPS) or
 * with a private key (SSH). Each fetch, push and listing is handed to {@link #configure} first.
 */
public sealed interface RemoteAccess permits RemoteAccess.Anonymous, GitCredentials, SshAccess {

    /** Gives one fetch, push or listing what it needs to reach the remote. */
    void configure(TransportCommand<?, ?> command);

    /** {@code text} with every secret this access holds masked. */
    String scrub(String text);

    /** What to check when the remote does not accept who Ferry says it is. */
    String authHint();

    /**
     * Why Ferry itself refused the remote during the last operation (an SSH host key it does not
     * know), as one line; empty when it did not.
     */
    default Optional<String> refusal() {
        return Optional.empty();
    }

    /** No credentials: for {@code file://} remotes and remotes open to all. */
    static RemoteAccess none() {
        return new Anonymous();
    }

    /** No credentials. */
    record Anonymous() implements RemoteAccess {
        @Override
        public void configure(TransportCommand<?, ?> command) {
            command.setCredentialsProvider(null);
        }

        @Override
        public String scrub(String text) {
            return text;
        }

        @Override
        public String authHint() {
            return "the remote wants credentials: set "
                    + GitCredentials.TOKEN_VARIABLE
                    + " (HTTPS) or "
                    + SshAccess.KEY_VARIABLE
                    + " (SSH), or a sealed credentials secret";
        }
    }
}
