package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry reconcile --once}, {@code deployments}, {@code rollouts}, suspend and resume. */
class ReconcileCliIT {
    @TempDir Path home;
    private StringWriter out = new StringWriter();
    private StringWriter err = new StringWriter();

    private int ferry(String... args) {
        out = new StringWriter();
        err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--home";
        all[args.length + 1] = home.toString();
        return cli.execute(all);
    }

    @BeforeEach
    void registerTheVersions() throws Exception {
        ReconcileServingIT.registerSimple(home);
    }

    @Test
    void oneReconcilePassServesThePromotionAndTheStatusCommandsShowIt() throws Exception {
        assertThat(ferry("gitops", "init")).isZero();
        assertThat(ferry("promote", "digits", "--model", "simple@1")).as(err.toString()).isZero();

        int code =
                ferry(
                        "reconcile",
                        "--once",
                        "--branch",
                        "staging",
                        "--host",
                        "127.0.0.1",
                        "--http-port",
                        "0",
                        "--grpc-port",
                        "0");

        assertThat(code).as(out + "\n" + err).isZero();
        assertThat(out.toString())
                .contains("digits: rolling to main=simple@1:100")
                .contains("digits: succeeded")
                .contains(": changed digits");

        assertThat(ferry("deployments")).isZero();
        assertThat(out.toString())
                .contains("digits")
                .contains("reconciled")
                .contains("rolling succeeded");

        assertThat(ferry("rollouts", "digits", "--json")).isZero();
        JsonNode history = new ObjectMapper().readTree(out.toString());
        assertThat(history).hasSize(1);
        assertThat(history.get(0).get("result").asText()).isEqualTo("SUCCEEDED");
        assertThat(history.get(0).get("changes").toString()).contains("load simple@1");

        assertThat(ferry("suspend", "digits")).isZero();
        assertThat(ferry("deployments", "--json")).isZero();
        JsonNode listed = new ObjectMapper().readTree(out.toString());
        assertThat(listed.get("deployments").get(0).get("suspended").asBoolean()).isTrue();
        assertThat(listed.get("sources").get(0).get("state").asText()).isEqualTo("local-only");
        assertThat(listed.get("sources").get(0).get("inStep").asBoolean()).isTrue();
        assertThat(ferry("resume", "digits")).isZero();
        assertThat(out.toString()).contains("digits resumed");
        assertThat(ferry("deployments")).isZero();
        assertThat(out.toString()).contains("reconciled");
    }

    @Test
    void aWebhookWithoutASecretIsRefusedBeforeAnythingStarts() {
        assertThat(ferry("gitops", "init")).isZero();
        int code =
                ferry(
                        "reconcile",
                        "--webhook-port",
                        "0",
                        "--webhook-secret-env",
                        "FERRY_TEST_NO_SUCH_SECRET");
        assertThat(code).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString())
                .contains("--webhook-port needs a secret: set FERRY_TEST_NO_SUCH_SECRET");
    }
}
