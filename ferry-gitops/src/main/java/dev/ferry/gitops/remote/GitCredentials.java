package dev.ferry.gitops.remote;

import dev.ferry.gitops.secret.Secret;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * The user name and token sent to an HTTPS remote. The token is held as a {@link Secret}: it is
 * never printed, and {@link #scrub} removes it from any text before that text is shown.
 *
 * @param username the user name (many hosts accept any name with a token)
 * @param token the token or password
 */
public record GitCredentials(String username, Secret token) implements RemoteAccess {
    /** Environment variable with the user name. */
    public static final String USERNAME_VARIABLE = "FERRY_GIT_USERNAME";

    /** Environment variable with the token. */
    public static final String TOKEN_VARIABLE = "FERRY_GIT_TOKEN";

    /** The user name used with a token when none is configured. */
    public static final String DEFAULT_USERNAME = "ferry";

    /**
     * Credentials from {@code FERRY_GIT_USERNAME} and {@code FERRY_GIT_TOKEN}, if a token is set.
     */
    public static Optional<GitCredentials> fromEnvironment(Map<String, String> env) {
        String token = env.get(TOKEN_VARIABLE);
        if (token == null || token.isBlank()) {
            return Optional.empty();
        }
        return Optional.of(
                new GitCredentials(username(env), Secret.of(TOKEN_VARIABLE, token.strip())));
    }

    /** The user name from {@code FERRY_GIT_USERNAME}, else {@value #DEFAULT_USERNAME}. */
    public static String username(Map<String, String> env) {
        String name = env.get(USERNAME_VARIABLE);
        return name == null || name.isBlank() ? DEFAULT_USERNAME : name.strip();
    }

    @Override
    public void configure(TransportCommand<?, ?> command) {
        command.setCredentialsProvider(
                new UsernamePasswordCredentialsProvider(username, token.reveal()));
    }

    /** {@code text} with every occurrence of the token replaced. */
    @Override
    public String scrub(String text) {
        return token.scrub(text);
    }

    @Override
    public String authHint() {
        return "check "
                + USERNAME_VARIABLE
                + "/"
                + TOKEN_VARIABLE
                + " or the sealed credentials secret";
    }

    @Override
    public String toString() {
        return "GitCredentials[username=" + username + ", token=" + token + "]";
    }
}
