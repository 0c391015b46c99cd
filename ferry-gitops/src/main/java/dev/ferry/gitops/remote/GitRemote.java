package dev.ferry.gitops.remote;

import dev.ferry.gitops.repository.GitOpsException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.eclipse.jgit.transport.URIish;

/**
 * A Git remote the desired-state repository is kept in step with: {@code https://}, {@code
 * http://}, {@code ssh://[USER@]HOST[:PORT]/PATH}, scp-like {@code USER@HOST:PATH}, or {@code
 * file://}. A password or token written into the URL is refused: credentials come from the
 * environment or a sealed secret, so they never reach logs or error text.
 *
 * @param url the remote's URL as configured
 */
public record GitRemote(String url) {
    public GitRemote {
        URIish parsed = parse(url);
        String scheme = scheme(parsed);
        if (!scheme.equals("https")
                && !scheme.equals("http")
                && !scheme.equals("file")
                && !scheme.equals("ssh")) {
            throw new GitOpsException(
                    "GitOps remote '"
                            + redact(url)
                            + "' is not supported: use https://HOST/PATH (token in"
                            + " FERRY_GIT_TOKEN or a sealed secret), ssh://USER@HOST[:PORT]/PATH or"
                            + " USER@HOST:PATH (key in FERRY_GIT_SSH_KEY or a sealed secret), or"
                            + " file:///PATH");
        }
        if (parsed.getPass() != null) {
            throw new GitOpsException(
                    "GitOps remote '"
                            + redact(url)
                            + "' carries a password in the URL: remove it and set FERRY_GIT_TOKEN"
                            + " or a sealed credentials secret instead");
        }
    }

    /**
     * The scheme in lower case; {@code ssh} for the scp-like form {@code USER@HOST:PATH}, which has
     * none but names a host.
     */
    private static String scheme(URIish parsed) {
        if (parsed.getScheme() == null) {
            return parsed.getHost() != null ? "ssh" : "";
        }
        return parsed.getScheme().toLowerCase(Locale.ROOT);
    }

    private static URIish parse(String url) {
        try {
            return new URIish(url);
        } catch (URISyntaxException e) {
            throw new GitOpsException(
                    "GitOps remote '" + redact(url) + "' is not a URL: " + e.getReason());
        }
    }

    /** {@code file://} remotes need no credentials and have no host. */
    public boolean isLocal() {
        return url.regionMatches(true, 0, "file:", 0, 5);
    }

    /** {@code ssh://} and scp-like remotes, reached with a private key. */
    public boolean isSsh() {
        return scheme(parse(url)).equals("ssh");
    }

    /** Where the remote is, for messages: {@code host[:port]}, or the path of a local remote. */
    public String host() {
        URIish u = parse(url);
        if (isLocal()) {
            return u.getPath();
        }
        return u.getPort() > 0 ? u.getHost() + ":" + u.getPort() : u.getHost();
    }

    /** The URL without any user information, safe to print. */
    @Override
    public String toString() {
        return redact(url);
    }

    /** Drops the user-info part of a URL-looking text, whatever it holds. */
    static String redact(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getRawUserInfo() == null) {
                return text;
            }
            return new URI(
                            uri.getScheme(),
                            null,
                            uri.getHost(),
                            uri.getPort(),
                            uri.getPath(),
                            uri.getQuery(),
                            uri.getFragment())
                    .toString();
        } catch (URISyntaxException e) {
            return text.replaceAll("//[^/@]*@", "//");
        }
    }
}
