package dev.ferry.gitops.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.secret.SealedSecret;
import dev.ferry.gitops.secret.SealingKeys;
import dev.ferry.gitops.secret.Secret;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetch and push over SSH against a real SSH server on 127.0.0.1 serving a bare repository. */
class SshRemoteSyncTest {
    @TempDir Path tmp;

    private final KeyPair clientKey = GitSshServer.ed25519();
    private final RemoteSyncTest.MutableClock clock =
            new RemoteSyncTest.MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
    private final List<AutoCloseable> closing = new ArrayList<>();
    private DesiredStateRepository origin;
    private DesiredStateRepository local;
    private GitSshServer server;
    private Path keyFile;
    private Path knownHosts;

    @BeforeEach
    void serve() throws Exception {
        Path served = Files.createDirectories(tmp.resolve("served"));
        origin = DesiredStateRepository.open(served.resolve("ops.git"));
        new GitOpsInit(origin, GitOpsLayout.standard()).run();
        local = DesiredStateRepository.open(tmp.resolve("home/gitops.git"));
        server = new GitSshServer(served, clientKey.getPublic());
        keyFile = tmp.resolve("id_ed25519");
        Files.writeString(keyFile, GitSshServer.openSsh(clientKey, null));
        knownHosts = tmp.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing.reversed()) {
            c.close();
        }
        server.close();
        origin.close();
        local.close();
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + server.port() + "/ops.git";
    }

    private SshAccess access(Map<String, String> env, Optional<Secret> sealed) {
        SshAccess access = SshAccess.fromEnvironment(new GitRemote(url()), env, () -> sealed);
        closing.add(access);
        return access;
    }

    private SshAccess fromKeyFile() {
        return access(
                Map.of(
                        SshAccess.KEY_VARIABLE, keyFile.toString(),
                        SshAccess.KNOWN_HOSTS_VARIABLE, knownHosts.toString()),
                Optional.empty());
    }

    private RemoteSync sync(String url, RemoteAccess access, Backoff backoff) {
        return new RemoteSync(
                local,
                new GitRemote(url),
                access,
                backoff,
                Duration.ofSeconds(10),
                clock,
                clock::advance);
    }

    /** The base64 body lines of a private key: what must never show up in any message. */
    private static List<String> bodyLines(String keyText) {
        return keyText.lines().filter(l -> !l.startsWith("-----")).toList();
    }

    @Test
    void aKeyFileNamedInTheEnvironmentFetchesAndPushesOverSsh() {
        RemoteSync sync = sync(url(), fromKeyFile(), Backoff.standard());

        RemoteStatus fetched = sync.fetch();
        CommitInfo promoted =
                sync.write(
                        "staging",
                        () ->
                                local.commit(
                                        "staging",
                                        Optional.of(local.head("staging").orElseThrow().id()),
                                        List.of(
                                                FileChange.write(
                                                        "deployments/digits.yaml",
                                                        "kind: ModelDeployment\n"
                                                                .getBytes(StandardCharsets.UTF_8))),
                                        "Promote digits v2 to staging\n"));

        assertThat(fetched).isInstanceOf(RemoteStatus.Synced.class);
        assertThat(((RemoteStatus.Synced) fetched).updated())
                .containsExactlyInAnyOrder("main", "staging");
        assertThat(origin.head("staging").orElseThrow().id()).isEqualTo(promoted.id());
        assertThat(sync.status().describe()).startsWith("in step with ssh://127.0.0.1:");
    }

    @Test
    void aKeySealedInASecretIsOpenedInMemoryAndWorksWithoutTouchingTheDisk() throws Exception {
        // ferry secret seal drops the trailing newline; the key still parses without it
        Path home = tmp.resolve("home");
        SealingKeys keys = SealingKeys.in(home);
        keys.create();
        String keyText = GitSshServer.openSsh(clientKey, null);
        Path sealedFile = home.resolve(SealedSecret.path("git-ssh-key"));
        Files.createDirectories(sealedFile.getParent());
        Files.writeString(
                sealedFile,
                keys.sealer()
                        .seal(
                                "git-ssh-key",
                                keyText.stripTrailing().getBytes(StandardCharsets.UTF_8))
                        .toYaml());
        Files.delete(keyFile);

        Secret opened = keys.opener().open(SealedSecret.read(sealedFile));
        RemoteSync sync =
                sync(
                        url(),
                        access(
                                Map.of(SshAccess.KNOWN_HOSTS_VARIABLE, knownHosts.toString()),
                                Optional.of(opened)),
                        Backoff.standard());

        assertThat(sync.fetch()).isInstanceOf(RemoteStatus.Synced.class);
        assertThat(local.head("main")).isEqualTo(origin.head("main"));
        try (Stream<Path> files = Files.walk(tmp)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertThat(bodyLines(keyText))
                        .as("key text in %s", file)
                        .noneMatch(content::contains);
            }
        }
    }

    @Test
    void anEncryptedKeyOpensWithItsPassphraseAndWithoutOneSaysWhatIsMissing() throws Exception {
        String passphrase = "correct horse battery staple";
        Files.writeString(keyFile, GitSshServer.openSsh(clientKey, passphrase));
        Map<String, String> env =
                Map.of(
                        SshAccess.KEY_VARIABLE, keyFile.toString(),
                        SshAccess.PASSPHRASE_VARIABLE, passphrase,
                        SshAccess.KNOWN_HOSTS_VARIABLE, knownHosts.toString());

        RemoteStatus fetched =
                sync(url(), access(env, Optional.empty()), Backoff.standard()).fetch();

        assertThat(fetched).isInstanceOf(RemoteStatus.Synced.class);
        assertThatThrownBy(
                        () ->
                                access(
                                        Map.of(SshAccess.KEY_VARIABLE, keyFile.toString()),
                                        Optional.empty()))
                .isInstanceOf(GitOpsException.class)
                .hasMessage(
                        "the SSH key from FERRY_GIT_SSH_KEY file "
                                + keyFile
                                + " is encrypted: set FERRY_GIT_SSH_PASSPHRASE to its passphrase");
        assertThatThrownBy(
                        () ->
                                access(
                                        Map.of(
                                                SshAccess.KEY_VARIABLE,
                                                keyFile.toString(),
                                                SshAccess.PASSPHRASE_VARIABLE,
                                                "wrong"),
                                        Optional.empty()))
                .hasMessageContaining("does not open with FERRY_GIT_SSH_PASSPHRASE");
    }

    @Test
    void anUnknownHostKeyIsRefusedWithTheHostAndHowToAddIt() throws Exception {
        Files.writeString(knownHosts, "");
        RemoteSync sync = sync(url(), fromKeyFile(), Backoff.standard());

        RemoteStatus status = sync.fetch();

        assertThat(status).isInstanceOf(RemoteStatus.Refused.class);
        int port = server.port();
        assertThat(status.describe())
                .contains("the SSH host key of 127.0.0.1:" + port + " (ssh-ed25519 key SHA256:")
                .contains("is not in " + knownHosts)
                .contains("ssh-keyscan -p " + port + " 127.0.0.1 >> " + knownHosts)
                .doesNotContain("\n");
        assertThat(local.head("main")).isEmpty();
    }

    @Test
    void aChangedHostKeyIsRefusedAndTheRecordedKeyIsNotReplaced() throws Exception {
        KeyPair impostor = GitSshServer.ed25519();
        String recorded =
                "[127.0.0.1]:"
                        + server.port()
                        + " "
                        + org.apache.sshd.common.config.keys.PublicKeyEntry.toString(
                                impostor.getPublic())
                        + "\n";
        Files.writeString(knownHosts, recorded);
        RemoteSync sync = sync(url(), fromKeyFile(), Backoff.standard());

        RemoteStatus status = sync.fetch();

        assertThat(status).isInstanceOf(RemoteStatus.Refused.class);
        assertThat(status.describe())
                .contains("the SSH host key of 127.0.0.1:" + server.port() + " has CHANGED")
                .contains("ssh-keygen -R '[127.0.0.1]:" + server.port() + "' -f " + knownHosts);
        assertThat(Files.readString(knownHosts)).isEqualTo(recorded);
    }

    @Test
    void aKeyTheHostDoesNotAcceptIsRefusedWithAHintAndNeverShown() throws Exception {
        String otherKey = GitSshServer.openSsh(GitSshServer.ed25519(), null);
        Secret sealed = Secret.of("git-ssh-key", otherKey);
        RemoteSync sync =
                sync(
                        url(),
                        access(
                                Map.of(SshAccess.KNOWN_HOSTS_VARIABLE, knownHosts.toString()),
                                Optional.of(sealed)),
                        Backoff.standard());

        RemoteStatus status = sync.fetch();

        assertThat(status).isInstanceOf(RemoteStatus.Refused.class);
        assertThat(status.describe())
                .contains("refused the fetch: Cannot log in at 127.0.0.1:" + server.port() + "; ")
                .doesNotContain("\n")
                .contains("the host did not accept the SSH key from sealed secret git-ssh-key")
                .contains("check FERRY_GIT_SSH_KEY");
        assertThatThrownBy(sync::fetchOrFail)
                .isInstanceOf(RemoteUnavailableException.class)
                .satisfies(
                        e -> assertThat(bodyLines(otherKey)).noneMatch(e.getMessage()::contains));
        assertThat(bodyLines(otherKey)).noneMatch(status.describe()::contains);
    }

    @Test
    void anSshHostThatDoesNotAnswerIsUnreachableAndRetriedWithBackoff() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String url = "ssh://git@127.0.0.1:" + closed + "/ops.git";
        RemoteSync sync = sync(url, fromKeyFile(), Backoff.standard());

        RemoteStatus first = sync.fetch();

        assertThat(first).isInstanceOf(RemoteStatus.Unreachable.class);
        assertThat(first.describe())
                .contains("(host 127.0.0.1:" + closed + ") is unreachable: fetch failed:")
                .contains("Connection refused")
                .doesNotContain("ConnectFuture")
                .contains("next retry in 1s");
    }

    @Test
    void anSshRemoteWithoutAKeyIsAConfigurationErrorNamingBothWaysToGiveOne() {
        assertThatThrownBy(
                        () ->
                                SshAccess.fromEnvironment(
                                        new GitRemote(url()), Map.of(), Optional::empty))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining(
                        "is reached over SSH and needs a private key: set"
                                + " FERRY_GIT_SSH_KEY to the key file, or gitops.credentials");
    }
}
