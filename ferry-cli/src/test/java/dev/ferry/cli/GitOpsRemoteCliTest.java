package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry gitops init --remote}, then promote and roll back from two homes sharing it. */
class GitOpsRemoteCliTest {
    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    static void registerVersions(Path home, int count) {
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(home)) {
            JdbcModelRegistry registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
            for (int i = 0; i < count; i++) {
                registry.register(
                        new ModelRegistration(
                                "mnist",
                                List.of(
                                        new ModelArtifact(
                                                "model",
                                                new Digest("a".repeat(64)),
                                                ModelArtifact.ONNX)),
                                new ModelSignature(
                                        List.of(
                                                new TensorSpec(
                                                        "x", DataType.FP32, List.of(-1L, 4L))),
                                        List.of(
                                                new TensorSpec(
                                                        "y", DataType.FP32, List.of(-1L, 2L)))),
                                Map.of("accuracy", 0.9),
                                Optional.empty(),
                                new ModelLineage(
                                        "run-" + i, "train", Map.of(), Map.of(), Optional.empty()),
                                ""));
            }
        }
    }

    @Test
    void twoHomesPromoteThroughOneRemoteAndEachSeesTheOthersCommits() {
        Path origin = tmp.resolve("origin.git");
        DesiredStateRepository.open(origin).close();
        String url = origin.toUri().toString();
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        registerVersions(Path.of(a), 2);
        registerVersions(Path.of(b), 2);

        assertThat(ferry("gitops", "init", "--remote", url, "--home", a)).isZero();
        assertThat(out.toString()).contains("mirrors " + url).contains("pushed the layout");
        assertThat(ferry("gitops", "init", "--remote", url, "--home", b)).isZero();
        assertThat(out.toString()).contains("already there");

        assertThat(ferry("promote", "mnist", "--model", "mnist@1", "--home", a)).isZero();
        assertThat(
                        ferry(
                                "promote",
                                "mnist",
                                "--model",
                                "mnist@2",
                                "--strategy",
                                "canary",
                                "--home",
                                b))
                .as(err.toString())
                .isZero();
        assertThat(ferry("rollback", "mnist", "--home", a)).as(err.toString()).isZero();

        try (DesiredStateRepository repo = DesiredStateRepository.open(origin)) {
            List<String> subjects =
                    repo.log("staging", 10).stream().map(CommitInfo::subject).toList();
            assertThat(subjects)
                    .startsWith(
                            "Roll back mnist: revert \"Promote mnist@2 to mnist (canary, 10%)\"",
                            "Promote mnist@2 to mnist (canary, 10%)",
                            "Promote mnist@1 to mnist (rolling)");
        }
    }

    @Test
    void aRemoteThatWentAwayFailsWithTheEnvironmentExitCodeAndNoTrace() throws Exception {
        Path origin = tmp.resolve("origin.git");
        try (DesiredStateRepository repo = DesiredStateRepository.open(origin)) {
            // no background gc after the push: it would race the deletion below
            var config = repo.repository().getConfig();
            config.setBoolean("receive", null, "autogc", false);
            config.setInt("gc", null, "auto", 0);
            config.save();
        }
        String home = tmp.resolve("a").toString();
        registerVersions(Path.of(home), 1);
        assertThat(ferry("gitops", "init", "--remote", origin.toUri().toString(), "--home", home))
                .isZero();
        FileUtils.delete(origin.toFile(), FileUtils.RECURSIVE);

        assertThat(ferry("promote", "mnist", "--model", "mnist@1", "--home", home))
                .isEqualTo(ExitCode.UNAVAILABLE);
        assertThat(err.toString())
                .startsWith("ferry: GitOps remote file:")
                .contains("refused the fetch")
                .doesNotContain("Exception")
                .doesNotContain("\tat ");
    }
}
