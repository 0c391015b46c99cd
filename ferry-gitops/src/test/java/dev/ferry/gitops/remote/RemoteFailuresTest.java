package dev.ferry.gitops.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Instant;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.Test;

/** How failed remote operations are told: refused or unreachable, in one scrubbed line. */
class RemoteFailuresTest {
    private static final GitRemote REMOTE = new GitRemote("https://git.example.com/team/ops.git");
    private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");
    private static final Instant NEXT = NOW.plusSeconds(30);

    private final RemoteFailures failures = new RemoteFailures(REMOTE, RemoteAccess.none());

    @Test
    void aConnectionRefusedIsUnreachableAndNamesTheCauseOnce() {
        Exception e =
                new TransportException(
                        "https://git.example.com/team/ops.git: cannot open git-upload-pack",
                        new ConnectException("Connection refused"));

        RemoteStatus status = failures.classify("fetch", e, 3, NEXT, NOW);

        assertThat(status).isInstanceOf(RemoteStatus.Unreachable.class);
        RemoteStatus.Unreachable u = (RemoteStatus.Unreachable) status;
        assertThat(u.reason()).isEqualTo("cannot open git-upload-pack: Connection refused");
        assertThat(u.failures()).isEqualTo(3);
        assertThat(u.nextRetry()).isEqualTo(NEXT);
    }

    @Test
    void anUnknownHostIsNamed() {
        Exception e =
                new TransportException(
                        "https://nowhere.invalid/x.git: cannot open",
                        new UnknownHostException("nowhere.invalid"));

        assertThat(RemoteFailures.reason(e)).contains("unknown host nowhere.invalid");
    }

    @Test
    void aMissingRepositoryIsRefusedWithAHint() {
        RemoteStatus status =
                failures.classify(
                        "fetch",
                        new InvalidRemoteException("Invalid remote: origin"),
                        1,
                        NEXT,
                        NOW);

        assertThat(status).isInstanceOf(RemoteStatus.Refused.class);
        assertThat(((RemoteStatus.Refused) status).hint()).contains("no Git repository");
    }

    @Test
    void aRejectedLoginIsRefusedWithTheAccessMethodsHint() {
        RemoteStatus status =
                failures.classify("push", new TransportException("not authorized"), 1, NEXT, NOW);

        assertThat(status).isInstanceOf(RemoteStatus.Refused.class);
        assertThat(((RemoteStatus.Refused) status).hint())
                .isEqualTo(RemoteAccess.none().authHint());
    }

    @Test
    void credentialsInUrlsAreScrubbedAndLinesJoined() {
        String text =
                failures.scrub(
                        "push to https://bot:hunter2@git.example.com/team/ops.git failed\n"
                                + "  key A tried\n  key B tried");

        assertThat(RemoteFailures.oneLine(text))
                .doesNotContain("hunter2")
                .doesNotContain("\n")
                .endsWith("failed; key A tried; key B tried");
    }
}
