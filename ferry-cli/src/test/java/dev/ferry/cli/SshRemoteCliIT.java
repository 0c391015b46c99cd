package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.gitops.remote.GitSshServer;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A GitOps remote over SSH, end to end through the packaged CLI as separate processes: a real SSH
 * server on 127.0.0.1 (public-key authentication only) serves the bare desired-state repository;
 * {@code ferry gitops init --remote ssh://...}, {@code ferry promote} pushes to it and {@code ferry
 * reconcile --once} applies what it fetched from it to a running {@code ferry serve}, with the key
 * from {@code FERRY_GIT_SSH_KEY} or from a sealed secret. The private key appears in no output.
 */
class SshRemoteCliIT {
    @TempDir Path dir;

    private final KeyPair clientKey = GitSshServer.ed25519();
    private final String keyText = GitSshServer.openSsh(clientKey, null);
    private final List<FerryProcess.Result> outputs = new ArrayList<>();
    private Path served;
    private GitSshServer server;
    private Path keyFile;
    private Path knownHosts;

    @BeforeEach
    void serve() throws IOException {
        served = Files.createDirectories(dir.resolve("served"));
        DesiredStateRepository.open(served.resolve("ops.git")).close();
        server = new GitSshServer(served, clientKey.getPublic());
        keyFile = dir.resolve("id_ed25519");
        Files.writeString(keyFile, keyText);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, server.knownHostsLine() + "\n");
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    private String url() {
        return "ssh://git@127.0.0.1:" + server.port() + "/ops.git";
    }

    @Test
    void promotionsPushedOverSshAreServedWithTheKeyFromAFileThenFromASealedSecret()
            throws Exception {
        try (DeploymentLab lab =
                DeploymentLab.empty(
                        dir.resolve("ops"),
                        Map.of("FERRY_GIT_SSH_KNOWN_HOSTS", knownHosts.toString()))) {
            ReconcileServingIT.registerSimple(lab.home());
            lab.launchServer();
            Map<String, String> keyFromFile = Map.of("FERRY_GIT_SSH_KEY", keyFile.toString());

            assertThat(ok(lab, keyFromFile, "gitops", "init", "--remote", url()).out())
                    .contains("mirrors ssh://127.0.0.1:" + server.port() + "/ops.git")
                    .contains("pushed the layout");
            ok(lab, keyFromFile, "promote", "digits", "--model", "simple@1");
            URI base = lab.awaitServer();
            reconciledFromTheRemote(lab, keyFromFile, base, "simple@1");
            // INPUT0 is 0..15 and INPUT1 all ones: the adder answers 1..16.
            assertThat(answer(base)).isEqualTo(IntStream.rangeClosed(1, 16).boxed().toList());

            // As docs/deployments.md says: keygen, seal the key file, name it in ferry.yaml.
            Files.writeString(
                    lab.projectDir().resolve("ferry.yaml"),
                    "gitops: {credentials: secrets/git-ssh-key.sealed.yaml}\n");
            ok(lab, Map.of(), "secret", "keygen");
            ok(lab, Map.of(), "secret", "seal", "git-ssh-key", "--from-file", keyFile.toString());
            Files.delete(keyFile);

            ok(lab, Map.of(), "promote", "digits", "--model", "simple@2");
            reconciledFromTheRemote(lab, Map.of(), base, "simple@2");
            // The multiplier answers 0..15.
            assertThat(answer(base)).isEqualTo(IntStream.range(0, 16).boxed().toList());
        }
        assertNoKeyInAnyOutput();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String content = Files.readString(file, StandardCharsets.ISO_8859_1);
                assertThat(bodyLines()).as(file.toString()).noneMatch(content::contains);
            }
        }
    }

    @Test
    void anUnknownHostKeyIsRefusedInOneLineNamingTheHostAndTheFix() throws Exception {
        // known_hosts knows this key, but for another host.
        String line = server.knownHostsLine();
        Files.writeString(knownHosts, "git.example.com" + line.substring(line.indexOf(' ')) + "\n");
        String before = Files.readString(knownHosts);
        try (DeploymentLab lab =
                DeploymentLab.empty(
                        dir.resolve("ops"),
                        Map.of(
                                "FERRY_GIT_SSH_KEY", keyFile.toString(),
                                "FERRY_GIT_SSH_KNOWN_HOSTS", knownHosts.toString()))) {
            FerryProcess.Result refused = run(lab, Map.of(), "gitops", "init", "--remote", url());

            assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.UNAVAILABLE);
            String host = "127.0.0.1:" + server.port();
            assertThat(refused.err().strip().lines())
                    .as(refused.toString())
                    .singleElement()
                    .asString()
                    .startsWith(
                            "ferry: GitOps remote ssh://127.0.0.1:" + server.port() + "/ops.git")
                    .contains("the SSH host key of " + host)
                    .contains("is not in " + knownHosts)
                    .contains("ssh-keyscan -p " + server.port() + " 127.0.0.1 >> " + knownHosts)
                    .doesNotContain("Exception");
            assertThat(refused.out() + refused.err()).doesNotContain("\tat ");
        }
        assertThat(Files.readString(knownHosts))
                .as("known_hosts is never written")
                .isEqualTo(before);
        try (DesiredStateRepository remote =
                DesiredStateRepository.open(served.resolve("ops.git"))) {
            assertThat(remote.head("staging")).as("nothing was pushed").isEmpty();
        }
        assertNoKeyInAnyOutput();
    }

    /**
     * The promotion of {@code model} is the staging head of the server's bare repository, and
     * {@code ferry reconcile --once} against the running {@code ferry serve --deployments} at
     * {@code base} applies that commit.
     */
    private void reconciledFromTheRemote(
            DeploymentLab lab, Map<String, String> env, URI base, String model) {
        CommitInfo promoted;
        try (DesiredStateRepository remote =
                DesiredStateRepository.open(served.resolve("ops.git"))) {
            promoted = remote.head("staging").orElseThrow();
        }
        assertThat(promoted.subject()).isEqualTo("Promote " + model + " to digits (rolling)");

        FerryProcess.Result reconciled =
                ok(
                        lab,
                        env,
                        "reconcile",
                        "--once",
                        "--server",
                        base.toString(),
                        "--branch",
                        "staging");
        assertThat(reconciled.out())
                .contains("digits: succeeded")
                .contains("commit " + promoted.id().substring(0, 10) + ": changed digits");
    }

    /** What {@code digits} answers on the server at {@code base}: its OUTPUT0. */
    private static List<Integer> answer(URI base) throws Exception {
        HttpResponse<String> answer = ReconcileServingIT.infer(base, "digits");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        for (JsonNode output : Traffic.JSON.readTree(answer.body()).path("outputs")) {
            if (output.path("name").asText().equals("OUTPUT0")) {
                List<Integer> data = new ArrayList<>();
                output.path("data").forEach(v -> data.add(v.asInt()));
                return data;
            }
        }
        throw new AssertionError("no OUTPUT0 in " + answer.body());
    }

    private FerryProcess.Result run(DeploymentLab lab, Map<String, String> env, String... args) {
        FerryProcess.Result r = lab.run(env, args);
        outputs.add(r);
        return r;
    }

    private FerryProcess.Result ok(DeploymentLab lab, Map<String, String> env, String... args) {
        FerryProcess.Result r = run(lab, env, args);
        assertThat(r.exitCode()).as("ferry " + String.join(" ", args) + "\n" + r).isZero();
        return r;
    }

    /** Neither the key's text nor any line of its body is in what any command printed. */
    private void assertNoKeyInAnyOutput() {
        assertThat(outputs).isNotEmpty();
        for (FerryProcess.Result r : outputs) {
            String printed = r.out() + r.err();
            assertThat(printed).doesNotContain(keyText.strip());
            assertThat(bodyLines()).as(printed).noneMatch(printed::contains);
        }
    }

    /** The base64 body lines of the private key. */
    private List<String> bodyLines() {
        return keyText.lines().filter(l -> !l.startsWith("-----") && !l.isBlank()).toList();
    }
}
