package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults around a deployment, through the packaged CLI: a reconciler killed mid-rollout, a
 * corrupted manifest commit, an unreachable desired-state remote. Whatever serves keeps serving.
 */
class DeploymentFaultsCliIT {
    @TempDir Path dir;

    @Test
    void aReconcilerKilledMidCanaryIsRestartedAndFinishesTheSameRollout() throws Exception {
        try (DeploymentLab lab = DeploymentLab.withTwoVersions(dir)) {
            lab.startServer();
            lab.ok("promote", "mnist", "--model", "mnist@1");
            // A step is judged once 100 canary requests came in, and the callers below are
            // slow: the canary stays at each step long enough to be caught there.
            lab.startReconciler("--min-requests", "100");
            await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 1));

            try (Traffic traffic = new Traffic(lab.base(), "mnist", 20)) {
                traffic.background(2, Duration.ofMillis(50));
                lab.ok(
                        "promote",
                        "mnist",
                        "--model",
                        "mnist@2",
                        "--strategy",
                        "canary",
                        "--analysis-window",
                        "2s");
                // Kill it in the middle: the canary passed its first step and is at 50%. The
                // router takes the new weight a moment before the rollout record says step 2, so
                // wait for both.
                await().atMost(DeploymentLab.CONVERGE)
                        .pollInterval(Duration.ofMillis(200))
                        .until(
                                () ->
                                        lab.weightOf("mnist", 2) == 50
                                                && lab.rollouts("mnist")
                                                                .get(0)
                                                                .path("stepIndex")
                                                                .asInt()
                                                        == 1);
                lab.killReconciler();

                JsonNode progressing = lab.rollouts("mnist").get(0);
                assertThat(progressing.path("strategy").asText()).isEqualTo("canary");
                assertThat(progressing.path("result").asText())
                        .isEqualToIgnoringCase("progressing");
                assertThat(progressing.path("stepIndex").asInt()).isEqualTo(1);
                String rolloutId = progressing.path("id").asText();
                // Nothing reconciles now, and callers do not notice.
                long sentAtKill = traffic.sent();
                await().atMost(DeploymentLab.CONVERGE)
                        .until(() -> traffic.sent() > sentAtKill + 50);
                assertThat(traffic.failures()).isEmpty();
                assertThat(lab.weightOf("mnist", 2)).isEqualTo(50);

                lab.startReconciler("--min-requests", "100");
                await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 2));
                await().atMost(DeploymentLab.CONVERGE)
                        .until(
                                () ->
                                        lab.rollouts("mnist")
                                                .get(0)
                                                .path("result")
                                                .asText()
                                                .equalsIgnoreCase("succeeded"));
                traffic.close();
                assertThat(traffic.failures()).as("of " + traffic.sent()).isEmpty();

                // The restarted reconciler continued the record it found, not a new rollout.
                JsonNode rollouts = lab.rollouts("mnist");
                assertThat(rollouts.get(0).path("id").asText()).isEqualTo(rolloutId);
                long canaries = 0;
                for (JsonNode r : rollouts) {
                    if (r.path("strategy").asText().equals("canary")) {
                        canaries++;
                    }
                }
                assertThat(canaries).isEqualTo(1);
                assertThat(rollouts.get(0).path("stepIndex").asInt()).isEqualTo(2);
                assertThat(lab.status("mnist").path("appliedCommit").asText())
                        .isEqualTo(rollouts.get(0).path("commit").asText());
            }
        }
    }

    @Test
    void aCorruptedManifestCommitIsRefusedAndTheOldStateKeepsServing() throws Exception {
        try (DeploymentLab lab = DeploymentLab.withTwoVersions(dir)) {
            String server = lab.startServer().toString();
            lab.ok("promote", "mnist", "--model", "mnist@1");
            lab.ok("reconcile", "--once", "--server", server, "--branch", "staging");
            assertThat(lab.servesOnly("mnist", 1)).isTrue();

            try (Traffic traffic = new Traffic(lab.base(), "mnist", 20)) {
                traffic.background(2);
                String bad =
                        lab.commitManifest(
                                "mnist",
                                yaml -> yaml.replace("weight: 100", "weight: [100"),
                                "Typo in the weight");

                FerryProcess.Result refused =
                        lab.run("reconcile", "--once", "--server", server, "--branch", "staging");
                assertThat(refused.exitCode()).as(refused.toString()).isEqualTo(ExitCode.FAILED);
                assertThat(refused.out()).contains("refused").doesNotContain("\tat ");

                JsonNode status = lab.status("mnist");
                assertThat(status.path("message").asText())
                        .contains("refused commit " + bad.substring(0, 10))
                        .contains("deployments/mnist.yaml:");
                JsonNode record = lab.rollouts("mnist").get(0);
                assertThat(record.path("strategy").asText()).isEqualTo("refused");
                assertThat(record.path("commit").asText()).isEqualTo(bad);
                assertThat(lab.run("deployments").out()).contains("refused commit");

                // The version that served keeps serving.
                long sentAfter = traffic.sent();
                await().atMost(DeploymentLab.CONVERGE).until(() -> traffic.sent() > sentAfter + 50);
                assertThat(lab.servesOnly("mnist", 1)).isTrue();

                // The fix is another commit; the reconciler takes it.
                String fix =
                        lab.commitManifest(
                                "mnist",
                                yaml -> yaml.replace("weight: [100", "weight: 100"),
                                "Fix the weight");
                lab.ok("reconcile", "--once", "--server", server, "--branch", "staging");
                JsonNode fixed = lab.status("mnist");
                assertThat(fixed.path("appliedCommit").asText()).isEqualTo(fix);
                assertThat(fixed.path("message").asText()).doesNotContain("refused");
                traffic.close();
                assertThat(traffic.failures()).as("of " + traffic.sent()).isEmpty();
                assertThat(traffic.byVersion()).containsOnlyKeys("1");
            }
        }
    }

    @Test
    void anUnreachableRemoteIsRetriedWithBackoffWhileTheLastStateKeepsServing() throws Exception {
        Path remote = dir.resolve("remote.git");
        Git.init().setBare(true).setDirectory(remote.toFile()).call().close();
        try (DeploymentLab lab =
                DeploymentLab.withTwoVersions(
                        dir.resolve("ops"), "--remote", remote.toUri().toString())) {
            lab.startServer();
            lab.ok("promote", "mnist", "--model", "mnist@1");

            // The reconciler's remote is served over HTTP on a port nobody listens on yet.
            int port = closedPort();
            Map<String, String> away =
                    Map.of("FERRY_GITOPS_REMOTE", "http://127.0.0.1:" + port + "/ops.git");
            lab.startReconciler(away);
            // The last fetched state is reconciled while the remote is away.
            await().atMost(DeploymentLab.CONVERGE).until(() -> lab.servesOnly("mnist", 1));
            Pattern unreachable =
                    Pattern.compile(
                            "is unreachable: .*?(\\d+) failures?(?: in a row)?, next retry in");
            await().atMost(DeploymentLab.CONVERGE)
                    .until(
                            () ->
                                    failuresReported(unreachable, lab).stream().distinct().count()
                                            >= 3);
            // Each retry waits longer than the last: the counts grow one by one, in order.
            List<Integer> failures = failuresReported(unreachable, lab);
            assertThat(failures).isSorted().startsWith(1);
            assertThat(lab.reconcilerAlive()).isTrue();

            FerryProcess.Result promote = lab.run(away, "promote", "mnist", "--model", "mnist@2");
            assertThat(promote.exitCode()).as(promote.toString()).isEqualTo(ExitCode.UNAVAILABLE);
            assertThat(promote.err() + promote.out())
                    .contains("is unreachable")
                    .contains("gave up")
                    .doesNotContain("\tat ");
            assertThat(lab.servesOnly("mnist", 1)).isTrue();

            // ferry deployments says so, from the status the reconciler stored.
            String table = lab.ok("deployments").out();
            assertThat(table.lines().findFirst().orElseThrow())
                    .startsWith("GitOps remote http://127.0.0.1:")
                    .contains("is unreachable since ")
                    .contains("fetch failed:")
                    .containsPattern("\\d+ failures? ?(in a row)?, next retry")
                    .endsWith("serving the last applied state");
            assertThat(table).contains("mnist");
            JsonNode source = lab.source("staging");
            assertThat(source.path("state").asText()).isEqualTo("unreachable");
            assertThat(source.path("inStep").asBoolean()).isFalse();
            assertThat(source.path("remote").asText()).endsWith("/ops.git");
            assertThat(source.path("failures").asInt()).isPositive();
            assertThat(source.path("lastSuccess").isNull()).isTrue();
            assertThat(lab.status("mnist").path("message").asText()).isNotBlank();
            assertThat(lab.servesOnly("mnist", 1)).isTrue();

            // The remote comes back at the same address: the same reconciler fetches at its next
            // retry and ferry deployments says it is in step again.
            try (GitHttpRemote back = GitHttpRemote.start(remote, port, "ops")) {
                await().atMost(DeploymentLab.CONVERGE)
                        .pollInterval(Duration.ofMillis(500))
                        .until(() -> lab.source("staging").path("inStep").asBoolean());
                JsonNode synced = lab.source("staging");
                assertThat(synced.path("state").asText()).isEqualTo("synced");
                assertThat(synced.path("remote").asText())
                        .isEqualTo("http://127.0.0.1:" + port + "/ops.git");
                assertThat(synced.path("failures").asInt()).isZero();
                assertThat(synced.path("lastSuccess").isNull()).isFalse();
                assertThat(lab.ok("deployments").out())
                        .contains("DEPLOYMENT")
                        .doesNotContain("GitOps remote");
            }
            assertThat(lab.servesOnly("mnist", 1)).isTrue();
        }
    }

    private static List<Integer> failuresReported(Pattern pattern, DeploymentLab lab) {
        List<Integer> counts = new ArrayList<>();
        Matcher m = pattern.matcher(lab.reconcilerOutput());
        while (m.find()) {
            counts.add(Integer.parseInt(m.group(1)));
        }
        return counts;
    }

    /** A loopback port nobody listens on: connections to it are refused. */
    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
