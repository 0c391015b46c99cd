package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code uses: ferry/promote} in a pipeline run through the engine by {@code ferry run}. */
class PromoteStepCliTest {
    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void theStepCommitsWithItsRunInTheTrailersAndIsNeverServedFromTheCache() throws Exception {
        Path home = tmp.resolve("home");
        GitOpsRemoteCliTest.registerVersions(home, 2);
        assertThat(ferry("gitops", "init", "--home", home.toString())).isZero();
        Path pipeline = tmp.resolve("pipeline.yaml");
        Files.writeString(
                pipeline,
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: release
                spec:
                  steps:
                    - name: promote
                      uses: ferry/promote
                      with:
                        deployment: mnist
                        model: mnist@latest
                """);

        assertThat(ferry("run", pipeline.toString(), "--plain", "--home", home.toString()))
                .as(out + "\n" + err)
                .isZero();
        assertThat(ferry("run", pipeline.toString(), "--plain", "--home", home.toString()))
                .as(out + "\n" + err)
                .isZero();

        List<RunRecord> runs;
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(home)) {
            runs = store.listRuns(2);
            for (RunRecord run : runs) {
                StepRunRecord step = store.stepRuns(run.id()).getFirst();
                assertThat(step.state()).isEqualTo(StepState.SUCCEEDED);
            }
        }
        String first = runs.getLast().id();
        try (DesiredStateRepository repo =
                DesiredStateRepository.open(home.resolve("gitops.git"))) {
            List<CommitInfo> log = repo.log("staging", 10);
            CommitInfo promoted = log.getFirst();
            assertThat(log).hasSize(2);
            assertThat(promoted.trailers())
                    .containsEntry("Ferry-Model", "mnist@2")
                    .containsEntry("Ferry-Requested", "mnist@latest")
                    .containsEntry("Ferry-Pipeline-Run", first)
                    .containsEntry("Ferry-Pipeline-Step", "promote")
                    .containsEntry("Ferry-Metric-accuracy", "0.9");
        }
    }
}
