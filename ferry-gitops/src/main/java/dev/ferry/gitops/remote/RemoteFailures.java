package dev.ferry.gitops.remote;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.api.errors.InvalidRemoteException;

/**
 * Says what a failed Git operation against the remote means: refused (no repository there, a login
 * or host key the remote will not take), which needs a fix before a retry can help, or unreachable,
 * which a retry may cure. The reason is one line of the failure's most useful words, with the URL's
 * credentials and the access method's secrets scrubbed.
 */
final class RemoteFailures {
    private final GitRemote remote;
    private final RemoteAccess access;

    RemoteFailures(GitRemote remote, RemoteAccess access) {
        this.remote = remote;
        this.access = access;
    }

    /**
     * The status after {@code operation} failed with {@code e}, the {@code failures}-th failure in
     * a row, with the next retry due at {@code next}.
     */
    RemoteStatus classify(String operation, Exception e, int failures, Instant next, Instant now) {
        Optional<String> refusal = access.refusal();
        if (refusal.isPresent()) {
            return new RemoteStatus.Refused(
                    remote, operation, refusal.get(), SshAccess.HOST_KEY_HINT, next, now);
        }
        String reason = oneLine(scrub(reason(e)));
        if (e instanceof InvalidRemoteException || reason.contains("not found")) {
            return new RemoteStatus.Refused(
                    remote,
                    operation,
                    reason,
                    "there is no Git repository at that URL; check the remote",
                    next,
                    now);
        }
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("not authorized")
                || lower.contains("cannot log in")
                || lower.contains("authentication")
                || lower.contains("auth fail")) {
            return new RemoteStatus.Refused(
                    remote, operation, reason, access.authHint(), next, now);
        }
        return new RemoteStatus.Unreachable(remote, operation, reason, failures, next, now);
    }

    /** {@code text} without credentials in URLs or secrets of the access method. */
    String scrub(String text) {
        String out = GitRemote.redact(text).replaceAll("//[^/@\\s]*@", "//");
        return access.scrub(out);
    }

    /**
     * The most useful words of a JGit failure: its own message without the URL it repeats, and the
     * innermost cause (connection refused, unknown host, timeout).
     */
    static String reason(Throwable e) {
        String top = Optional.ofNullable(e.getMessage()).orElse(e.getClass().getSimpleName());
        int colon = top.indexOf(": ");
        if (top.contains("://") && colon > 0) {
            top = top.substring(colon + 2);
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root == e) {
            return top;
        }
        String cause =
                switch (root) {
                    case UnknownHostException u -> "unknown host " + u.getMessage();
                    case ConnectException c ->
                            Optional.ofNullable(c.getMessage()).orElse("connection refused");
                    case NoRouteToHostException n -> "no route to host";
                    case SocketTimeoutException t -> "timed out";
                    default ->
                            Optional.ofNullable(root.getMessage())
                                    .orElse(root.getClass().getSimpleName());
                };
        String inner = e.getCause() == null ? null : e.getCause().getMessage();
        if (inner != null && inner.contains("://") && inner.indexOf(": ") > 0) {
            inner = inner.substring(inner.indexOf(": ") + 2);
        }
        String middle = inner != null && !inner.equals(cause) && !top.contains(inner) ? inner : top;
        return middle.equals(cause) || middle.contains(cause) ? middle : middle + ": " + cause;
    }

    /**
     * A status is one line: the SSH client explains a refused login over several lines (each key
     * tried, by fingerprint), joined here; its connect future's own name is dropped.
     */
    static String oneLine(String text) {
        return text.strip()
                .replaceAll("DefaultConnectFuture\\[[^\\]]*\\]: ", "")
                .replaceAll("\\s*\\R\\s*", "; ");
    }
}
