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
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.api.Git;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code ferry gitops init}, {@code promote}, {@code rollback} and {@code validate}, in process.
 */
class GitOpsCliTest {
    @TempDir Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private void registerTwoVersions() {
        try (JdbcMetadataStore store = MetadataStores.openEmbedded(tmp)) {
            JdbcModelRegistry registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
            for (String run : List.of("run-a", "run-b")) {
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
                                        run, "train", Map.of(), Map.of(), Optional.empty()),
                                ""));
            }
        }
    }

    @Test
    void promoteThenCanaryThenRollbackThroughTheCommandLine() throws Exception {
        String home = tmp.toString();
        assertThat(ferry("gitops", "init", "--home", home)).isZero();
        assertThat(out.toString()).contains("created branches staging and main");
        registerTwoVersions();

        assertThat(ferry("promote", "mnist", "--model", "mnist@1", "--home", home)).isZero();
        assertThat(
                        ferry(
                                "promote",
                                "mnist",
                                "--model",
                                "mnist@latest",
                                "--strategy",
                                "canary",
                                "--weight",
                                "10",
                                "--home",
                                home))
                .isZero();
        assertThat(out.toString()).contains("Promote mnist@2 to mnist (canary, 10%)");
        assertThat(ferry("rollback", "mnist", "--home", home)).isZero();
        assertThat(out.toString()).contains("Roll back mnist: revert \"Promote mnist@2");

        try (Git clone =
                Git.cloneRepository()
                        .setURI(tmp.resolve("gitops.git").toUri().toString())
                        .setDirectory(tmp.resolve("clone").toFile())
                        .setBranch("staging")
                        .call()) {
            Path manifest = tmp.resolve("clone/deployments/mnist.yaml");
            assertThat(Files.readString(manifest))
                    .contains("model: mnist@1")
                    .doesNotContain("mnist@2");
            assertThat(ferry("validate", manifest.toString())).isZero();
        }
    }

    @Test
    void anUnknownModelIsTheUsersInputErrorWithoutATrace() {
        String home = tmp.toString();
        assertThat(ferry("gitops", "init", "--home", home)).isZero();
        assertThat(ferry("promote", "mnist", "--model", "nope@3", "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).startsWith("ferry: ").doesNotContain("Exception");
    }

    @Test
    void anUnknownStrategyIsRejected() {
        assertThat(
                        ferry(
                                "promote",
                                "mnist",
                                "--model",
                                "mnist@1",
                                "--strategy",
                                "big-bang",
                                "--home",
                                tmp.toString()))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("rolling, canary, shadow or ab");
    }
}
