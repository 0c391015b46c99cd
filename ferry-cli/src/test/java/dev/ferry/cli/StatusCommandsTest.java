package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import dev.ferry.api.rollout.SourceStatus;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.rollout.JdbcRolloutStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry deployments} and {@code ferry rollouts} over a metadata store written as the
 * reconciler writes it, and the line {@code ferry serve} prints.
 */
class StatusCommandsTest {
    static final ZoneId UTC = ZoneId.of("UTC");
    static final Instant NOW = Instant.parse("2026-03-04T10:42:30Z");

    @TempDir Path home;
    private StringWriter out = new StringWriter();

    private int ferry(String... args) {
        out = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(new StringWriter(), true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return cli.execute(all);
    }

    private void store(Consumer<JdbcRolloutStore> write) {
        try (JdbcMetadataStore metadata = MetadataStores.openEmbedded(home)) {
            write.accept(new JdbcRolloutStore(metadata.jdbi()));
        }
    }

    static SourceStatus unreachable(Instant nextRetry) {
        return new SourceStatus(
                "main",
                Optional.of("https://git.example.com/ops.git"),
                Optional.of("git.example.com"),
                SourceStatus.State.UNREACHABLE,
                "fetch",
                "Connection refused",
                4,
                Instant.parse("2026-03-04T10:42:03Z"),
                Optional.of(Instant.parse("2026-03-04T10:40:00Z")),
                Optional.of(nextRetry),
                NOW.minusSeconds(2));
    }

    @Test
    void anUnreachableRemoteIsOneLineSayingSinceWhenHowOftenAndWhenItRetries() {
        assertThat(SourceLine.describe(unreachable(NOW.plusMillis(7_400)), NOW, UTC))
                .isEqualTo(
                        "GitOps remote https://git.example.com/ops.git (host git.example.com) is"
                                + " unreachable since 10:42:03: fetch failed: Connection refused;"
                                + " 4 failures in a row, next retry in 8s; serving the last"
                                + " applied state");
    }

    @Test
    void aRetryLongOverdueSaysNoReconcilerIsPollingAndAnOlderSinceCarriesItsDate() {
        String line = SourceLine.describe(unreachable(NOW), NOW.plus(Duration.ofDays(1)), UTC);
        assertThat(line)
                .contains("unreachable since 2026-03-04 10:42:03:")
                .contains(
                        "last attempt at 2026-03-04 10:42:28, none since: is 'ferry reconcile'"
                                + " running?");
        assertThat(SourceLine.describe(unreachable(NOW.minusSeconds(5)), NOW, UTC))
                .contains("next retry due now");
    }

    @Test
    void aRefusingRemoteSaysWhatItRefusedAndWhatToCheck() {
        SourceStatus refused =
                new SourceStatus(
                        "main",
                        Optional.of("https://git.example.com/ops.git"),
                        Optional.of("git.example.com"),
                        SourceStatus.State.REFUSED,
                        "fetch",
                        "not authorized; check FERRY_GIT_USERNAME/FERRY_GIT_TOKEN",
                        1,
                        NOW,
                        Optional.empty(),
                        Optional.of(NOW.plusSeconds(1)),
                        NOW);
        assertThat(SourceLine.describe(refused, NOW, UTC))
                .isEqualTo(
                        "GitOps remote https://git.example.com/ops.git (host git.example.com)"
                                + " refused the fetch since 10:42:30: not authorized; check"
                                + " FERRY_GIT_USERNAME/FERRY_GIT_TOKEN; 1 failure, next retry in"
                                + " 1s; serving the last applied state");
    }

    @Test
    void deploymentsPrintsTheSourceAboveTheTableOnlyWhileItIsNotInStep() throws Exception {
        store(
                s -> {
                    s.saveStatus(DeploymentStatus.initial("mnist", NOW));
                    s.saveSourceStatus(unreachable(Instant.now().plusSeconds(30)));
                });
        assertThat(ferry("deployments")).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines.getFirst())
                .startsWith(
                        "GitOps remote https://git.example.com/ops.git (host git.example.com)"
                                + " is unreachable since")
                .contains("4 failures in a row, next retry in")
                .endsWith("serving the last applied state");
        assertThat(lines.get(1)).startsWith("DEPLOYMENT");

        assertThat(ferry("deployments", "--json")).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        JsonNode source = json.path("sources").get(0);
        assertThat(source.path("source").asText()).isEqualTo("main");
        assertThat(source.path("state").asText()).isEqualTo("unreachable");
        assertThat(source.path("inStep").asBoolean()).isFalse();
        assertThat(source.path("failures").asInt()).isEqualTo(4);
        assertThat(source.path("since").asText()).isEqualTo("2026-03-04T10:42:03Z");
        assertThat(source.path("lastSuccess").asText()).isEqualTo("2026-03-04T10:40:00Z");
        assertThat(source.path("message").asText()).contains("is unreachable since");
        assertThat(json.path("deployments").get(0).path("deployment").asText()).isEqualTo("mnist");

        SourceStatus back =
                new SourceStatus(
                        "main",
                        Optional.of("https://git.example.com/ops.git"),
                        Optional.of("git.example.com"),
                        SourceStatus.State.SYNCED,
                        "",
                        "",
                        0,
                        NOW,
                        Optional.of(NOW),
                        Optional.empty(),
                        NOW);
        store(s -> s.saveSourceStatus(back));
        assertThat(ferry("deployments")).isZero();
        assertThat(out.toString()).startsWith("DEPLOYMENT").doesNotContain("GitOps remote");
        assertThat(ferry("deployments", "--json")).isZero();
        JsonNode synced = new ObjectMapper().readTree(out.toString()).path("sources").get(0);
        assertThat(synced.path("state").asText()).isEqualTo("synced");
        assertThat(synced.path("inStep").asBoolean()).isTrue();
        assertThat(synced.path("nextRetry").isNull()).isTrue();
    }

    @Test
    void rolloutsNumbersCanaryStepsFromOneInTheTableAndNamesBothInJson() throws Exception {
        RolloutRecord canary =
                new RolloutRecord(
                        "01A",
                        "mnist",
                        "c".repeat(40),
                        "canary",
                        "main=mnist@1:50,canary=mnist@2:50",
                        List.of("route main=mnist@1:50,canary=mnist@2:50"),
                        1,
                        RolloutResult.PROGRESSING,
                        "canary mnist@2 at 50%",
                        Map.of(),
                        NOW,
                        Optional.empty());
        store(s -> s.save(canary));

        assertThat(ferry("rollouts", "mnist")).isZero();
        List<String> table = out.toString().lines().toList();
        int column = table.getFirst().indexOf("STEP");
        assertThat(table.get(1).substring(column).split("\\s+")[0]).isEqualTo("2");

        assertThat(ferry("rollouts", "mnist", "--json")).isZero();
        JsonNode record = new ObjectMapper().readTree(out.toString()).get(0);
        assertThat(record.has("step")).isFalse();
        assertThat(record.path("stepIndex").asInt()).isEqualTo(1);
        assertThat(record.path("stepNumber").asInt()).isEqualTo(2);

        store(s -> s.saveStatus(DeploymentStatus.initial("mnist", NOW)));
        assertThat(ferry("deployments", "--json")).isZero();
        JsonNode last =
                new ObjectMapper()
                        .readTree(out.toString())
                        .path("deployments")
                        .get(0)
                        .path("lastRollout");
        assertThat(last.path("stepIndex").asInt()).isEqualTo(1);
        assertThat(last.path("stepNumber").asInt()).isEqualTo(2);
    }

    @Test
    void serveSaysGrpcIsOffInsteadOfPrintingANegativePort() {
        assertThat(ServeCommand.listening("127.0.0.1", 8000, Optional.of(-1)))
                .isEqualTo(
                        "serving on http://127.0.0.1:8000 (REST); gRPC off (--grpc-port -1);"
                                + " metrics at /metrics; Ctrl-C stops")
                .doesNotContain(":-1");
        assertThat(ServeCommand.listening("127.0.0.1", 8000, Optional.empty()))
                .contains("gRPC off");
        assertThat(ServeCommand.listening("127.0.0.1", 8000, Optional.of(8001)))
                .isEqualTo(
                        "serving on http://127.0.0.1:8000 (REST) and 127.0.0.1:8001 (gRPC);"
                                + " metrics at /metrics; Ctrl-C stops");
    }
}
