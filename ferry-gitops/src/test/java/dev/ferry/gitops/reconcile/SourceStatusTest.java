package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.rollout.SourceStatus;
import dev.ferry.gitops.remote.Backoff;
import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteAccess;
import dev.ferry.gitops.remote.RemoteSync;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reconciler stores how its desired-state source stands after every fetch, over real remotes.
 */
class SourceStatusTest {
    @TempDir Path dir;
    GitOpsFixture fx;

    @BeforeEach
    void fixture() {
        fx = new GitOpsFixture(dir.resolve("ferry"));
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private Reconciler reconciler(String url) {
        return fx.reconciler(
                new RemoteSync(
                        fx.repo,
                        new GitRemote(url),
                        RemoteAccess.none(),
                        new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 5),
                        Duration.ofSeconds(5),
                        fx.clock,
                        d -> {}));
    }

    private SourceStatus stored() {
        return fx.store.sourceStatus(GitOpsFixture.BRANCH).orElseThrow();
    }

    @Test
    void aRemoteThatGoesAwayIsRecordedWithItsFailuresAndInStepAgainOnceItIsBack() throws Exception {
        Path origin = dir.resolve("origin.git");
        try (DesiredStateRepository repo = DesiredStateRepository.open(origin)) {
            new GitOpsInit(repo, GitOpsLayout.standard()).run();
        }
        String url = origin.toUri().toString();
        Reconciler reconciler = reconciler(url);
        Instant t0 = fx.clock.instant();

        reconciler.reconcile();
        SourceStatus synced = stored();
        assertThat(synced.state()).isEqualTo(SourceStatus.State.SYNCED);
        assertThat(synced.inStep()).isTrue();
        assertThat(synced.remote()).contains(new GitRemote(url).toString());
        assertThat(synced.lastSuccess()).contains(t0);
        assertThat(synced.failures()).isZero();

        Files.move(origin, dir.resolve("away.git"));
        fx.clock.advance(Duration.ofSeconds(10));
        Instant t1 = fx.clock.instant();
        reconciler.reconcile();
        SourceStatus away = stored();
        assertThat(away.inStep()).isFalse();
        assertThat(away.state()).isEqualTo(SourceStatus.State.REFUSED);
        assertThat(away.operation()).isEqualTo("fetch");
        assertThat(away.reason()).contains("no Git repository at that URL");
        assertThat(away.failures()).isEqualTo(1);
        assertThat(away.since()).isEqualTo(t1);
        assertThat(away.lastSuccess()).contains(t0);
        assertThat(away.nextRetry()).contains(t1.plusSeconds(1));

        // A pass before the retry is due makes no attempt and writes nothing.
        fx.clock.advance(Duration.ofMillis(500));
        reconciler.reconcile();
        assertThat(stored()).isEqualTo(away);
        assertThat(stored().updatedAt()).isEqualTo(t1);

        fx.clock.advance(Duration.ofMillis(500));
        reconciler.reconcile();
        SourceStatus again = stored();
        assertThat(again.failures()).isEqualTo(2);
        assertThat(again.since()).isEqualTo(t1);
        assertThat(again.nextRetry()).contains(t1.plusSeconds(1 + 2));

        Files.move(dir.resolve("away.git"), origin);
        fx.clock.advance(Duration.ofSeconds(2));
        Instant t2 = fx.clock.instant();
        reconciler.reconcile();
        SourceStatus back = stored();
        assertThat(back.state()).isEqualTo(SourceStatus.State.SYNCED);
        assertThat(back.failures()).isZero();
        assertThat(back.since()).isEqualTo(t2);
        assertThat(back.lastSuccess()).contains(t2);
        assertThat(back.nextRetry()).isEmpty();
        assertThat(back.reason()).isEmpty();
    }

    @Test
    void anUnreachableRemoteIsStoredWithoutItsUserAndARestartedReconcilerKeepsItsSince()
            throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        String url = "http://deploy-bot@127.0.0.1:" + port + "/ops.git";
        Instant t0 = fx.clock.instant();
        reconciler(url).reconcile();

        SourceStatus first = stored();
        assertThat(first.state()).isEqualTo(SourceStatus.State.UNREACHABLE);
        assertThat(first.remote()).contains("http://127.0.0.1:" + port + "/ops.git");
        assertThat(first.host()).contains("127.0.0.1:" + port);
        assertThat(first.toString()).doesNotContain("deploy-bot");
        assertThat(first.reason()).containsIgnoringCase("refused");
        assertThat(first.failures()).isEqualTo(1);
        assertThat(first.since()).isEqualTo(t0);

        // Another reconciler process continues the row: still unreachable since t0.
        fx.clock.advance(Duration.ofSeconds(30));
        reconciler(url).reconcile();
        SourceStatus later = stored();
        assertThat(later.failures()).isEqualTo(1);
        assertThat(later.since()).isEqualTo(t0);
        assertThat(later.updatedAt()).isEqualTo(fx.clock.instant());
    }

    @Test
    void withoutARemoteTheSourceIsRecordedAsLocalAndInStep() throws Exception {
        fx.reconciler(Upstream.local()).reconcile();
        SourceStatus local = stored();
        assertThat(local.state()).isEqualTo(SourceStatus.State.LOCAL_ONLY);
        assertThat(local.inStep()).isTrue();
        assertThat(local.remote()).isEmpty();
    }
}
