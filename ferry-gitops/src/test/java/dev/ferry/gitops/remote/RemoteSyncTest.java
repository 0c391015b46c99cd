package dev.ferry.gitops.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.secret.Secret;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetch, write and push against real remotes: bare repositories over file:// and HTTP. */
class RemoteSyncTest {
    @TempDir Path tmp;

    private DesiredStateRepository origin;
    private DesiredStateRepository alice;
    private DesiredStateRepository bob;
    private final List<Duration> slept = new CopyOnWriteArrayList<>();
    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

    @BeforeEach
    void repositories() {
        origin = DesiredStateRepository.open(tmp.resolve("origin.git"));
        new GitOpsInit(origin, GitOpsLayout.standard()).run();
        alice = DesiredStateRepository.open(tmp.resolve("alice.git"));
        bob = DesiredStateRepository.open(tmp.resolve("bob.git"));
    }

    @AfterEach
    void close() {
        origin.close();
        alice.close();
        bob.close();
    }

    private RemoteSync sync(DesiredStateRepository repo, String url, Backoff backoff) {
        return new RemoteSync(
                repo,
                new GitRemote(url),
                RemoteAccess.none(),
                backoff,
                Duration.ofSeconds(5),
                clock,
                d -> {
                    slept.add(d);
                    clock.advance(d);
                });
    }

    private String originUrl() {
        return tmp.resolve("origin.git").toUri().toString();
    }

    private static CommitInfo write(DesiredStateRepository repo, String file, String text) {
        CommitInfo head = repo.head("staging").orElseThrow();
        return repo.commit(
                "staging",
                Optional.of(head.id()),
                List.of(FileChange.write(file, text.getBytes(StandardCharsets.UTF_8))),
                "Add " + file + "\n");
    }

    @Test
    void aFetchMirrorsTheRemotesBranchesAndSaysWhichMoved() {
        RemoteSync sync = sync(alice, originUrl(), Backoff.standard());

        RemoteStatus first = sync.fetch();
        write(origin, "deployments/a.yaml", "a");
        RemoteStatus second = sync.fetch();
        RemoteStatus third = sync.fetch();

        assertThat(first).isInstanceOf(RemoteStatus.Synced.class);
        assertThat(((RemoteStatus.Synced) first).updated())
                .containsExactlyInAnyOrder("main", "staging");
        assertThat(((RemoteStatus.Synced) second).updated()).containsExactly("staging");
        assertThat(((RemoteStatus.Synced) third).updated()).isEmpty();
        assertThat(alice.head("staging")).isEqualTo(origin.head("staging"));
    }

    @Test
    void aWriteCommitsOnTheFetchedBranchAndPushesIt() {
        RemoteSync sync = sync(alice, originUrl(), Backoff.standard());

        CommitInfo commit = sync.write("staging", () -> write(alice, "deployments/a.yaml", "a"));

        assertThat(origin.head("staging").orElseThrow().id()).isEqualTo(commit.id());
        assertThat(sync.status()).isInstanceOf(RemoteStatus.Synced.class);
    }

    @Test
    void aPushOvertakenBySomeoneElseIsRedoneOnTheirCommit() {
        RemoteSync aliceSync = sync(alice, originUrl(), Backoff.standard());
        RemoteSync bobSync = sync(bob, originUrl(), Backoff.standard());
        AtomicInteger runs = new AtomicInteger();

        CommitInfo bobs =
                bobSync.write(
                        "staging",
                        () -> {
                            if (runs.incrementAndGet() == 1) {
                                // Alice pushes between Bob's fetch and Bob's push.
                                aliceSync.write(
                                        "staging", () -> write(alice, "deployments/a.yaml", "a"));
                            }
                            return write(bob, "deployments/b.yaml", "b");
                        });

        assertThat(runs).hasValue(2);
        CommitInfo head = origin.head("staging").orElseThrow();
        assertThat(head.id()).isEqualTo(bobs.id());
        assertThat(origin.read(head.id(), "deployments/a.yaml")).isPresent();
        assertThat(origin.read(head.id(), "deployments/b.yaml")).isPresent();
    }

    @Test
    void anUnreachableRemoteIsRetriedWithGrowingDelaysThenReportedWithoutATrace()
            throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/ops/deployments.git";
        RemoteSync sync =
                sync(alice, url, new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 4));

        assertThatThrownBy(() -> sync.write("staging", () -> write(alice, "x.yaml", "x")))
                .isInstanceOf(RemoteUnavailableException.class)
                .hasMessageContaining("GitOps remote " + url)
                .hasMessageContaining("(host 127.0.0.1:")
                .hasMessageContaining("fetch failed 4 times")
                .hasMessageContainingAll("refused", "gave up")
                .hasNoCause();
        assertThat(slept)
                .containsExactly(
                        Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(alice.head("staging")).isEmpty();
    }

    @Test
    void pollingAnUnreachableRemoteWaitsOutTheBackoffAndSaysWhenItRetries() throws IOException {
        String url = "http://127.0.0.1:" + closedPort() + "/ops.git";
        RemoteSync sync =
                sync(alice, url, new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(30), 5));

        RemoteStatus first = sync.fetch();
        clock.advance(Duration.ofSeconds(1));
        RemoteStatus early = sync.fetch();
        clock.advance(Duration.ofSeconds(1));
        RemoteStatus second = sync.fetch();

        assertThat(first).isInstanceOf(RemoteStatus.Unreachable.class);
        assertThat(((RemoteStatus.Unreachable) first).failures()).isEqualTo(1);
        assertThat(first.describe())
                .contains("is unreachable: fetch failed:")
                .contains("1 failure, next retry in 2s (at 2026-03-01T10:00:02Z)");
        assertThat(((RemoteStatus.Unreachable) early).failures()).isEqualTo(1);
        assertThat(early.describe()).contains("next retry in 1s");
        assertThat(((RemoteStatus.Unreachable) second).failures()).isEqualTo(2);
        assertThat(second.describe()).contains("2 failures in a row, next retry in 4s");
    }

    @Test
    void aSuccessfulFetchSaysWhichRemoteItIsInStepWith() {
        RemoteSync sync = sync(alice, originUrl(), Backoff.standard());
        assertThat(sync.fetch().synced()).isTrue();
        assertThat(sync.status().describe()).startsWith("in step with file:");
    }

    @Test
    void credentialsGoToTheServerButNeverIntoTheError() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        List<String> authorizations = new ArrayList<>();
        server.createContext(
                "/",
                exchange -> {
                    String auth = exchange.getRequestHeaders().getFirst("Authorization");
                    if (auth != null) {
                        authorizations.add(auth);
                    }
                    exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"git\"");
                    exchange.getResponseHeaders().add("Connection", "close");
                    exchange.sendResponseHeaders(401, -1);
                    exchange.close();
                });
        server.start();
        try {
            String token = "tok-" + "s3cr3t-value-1234";
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/ops.git";
            RemoteSync sync =
                    new RemoteSync(
                            alice,
                            new GitRemote(url),
                            new GitCredentials("deployer", Secret.of("t", token)),
                            Backoff.standard(),
                            Duration.ofSeconds(5),
                            clock,
                            d -> clock.advance(d));

            assertThatThrownBy(sync::fetchOrFail)
                    .isInstanceOf(RemoteUnavailableException.class)
                    .hasMessageContaining("refused the fetch")
                    .hasMessageContaining("FERRY_GIT_TOKEN")
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(token));
            String expected =
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString(
                                            ("deployer:" + token).getBytes(StandardCharsets.UTF_8));
            assertThat(authorizations).contains(expected);
            assertThat(sync.status().describe()).doesNotContain(token);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aPasswordInTheUrlIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new GitRemote("https://me:hunter2@git.example.com/ops.git"))
                .hasMessageContaining("https://git.example.com/ops.git")
                .hasMessageNotContaining("hunter2");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A clock tests move by hand. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
