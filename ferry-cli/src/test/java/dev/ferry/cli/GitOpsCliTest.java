package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
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

    @Test
    void promoteThenCanaryThenRollbackThroughTheCommandLine() throws Exception {
        String home = tmp.toString();
        assertThat(ferry("gitops", "init", "--home", home)).isZero();
        assertThat(out.toString()).contains("created branches staging and main");
        GitOpsRemoteCliTest.registerVersions(tmp, 2);

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

    @Test
    void layoutOptionsThatContradictTheRepositoryAreTheUsersInputError() throws Exception {
        String home = tmp.toString();
        assertThat(ferry("gitops", "init", "--layout", "trunk", "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("--layout 'trunk' is not branches or directories");
        assertThat(ferry("gitops", "init", "--layout", "directories", "--home", home)).isZero();
        GitOpsRemoteCliTest.registerVersions(tmp, 1);

        assertThat(
                        ferry(
                                "promote",
                                "mnist",
                                "--model",
                                "mnist@1",
                                "--staging-branch",
                                "staging",
                                "--home",
                                home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString())
                .contains("--staging-branch does not apply: ferry-gitops.yaml on branch main");
        assertThat(ferry("promote", "mnist", "--model", "mnist@1", "--home", home)).isZero();
        assertThat(ferry("rollback", "mnist", "--environment", "qa", "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("expected staging or production");
        assertThat(ferry("rollback", "mnist", "--environment", "staging", "--home", home)).isZero();
        assertThat(out.toString()).contains("Roll back mnist: revert \"Promote mnist@1");
    }

    @Test
    void aSecondHomeMirroringTheRemoteFindsTheDirectoryLayoutWithoutOptions() {
        Path origin = tmp.resolve("origin.git");
        DesiredStateRepository.open(origin).close();
        String url = origin.toUri().toString();
        String a = tmp.resolve("a").toString();
        String b = tmp.resolve("b").toString();
        GitOpsRemoteCliTest.registerVersions(Path.of(b), 1);

        assertThat(ferry("gitops", "init", "--layout", "directories", "--remote", url, "--home", a))
                .as(err.toString())
                .isZero();
        assertThat(out.toString()).contains("pushed the layout (directories) to branch main");
        assertThat(ferry("gitops", "init", "--remote", url, "--home", b)).isZero();
        assertThat(out.toString()).contains("branch main already there");
        assertThat(ferry("promote", "mnist", "--model", "mnist@1", "--home", b))
                .as(err.toString())
                .isZero();

        try (DesiredStateRepository repo = DesiredStateRepository.open(origin)) {
            CommitInfo main = repo.head("main").orElseThrow();
            assertThat(main.subject()).isEqualTo("Promote mnist@1 to mnist (rolling)");
            assertThat(repo.read(main.id(), "environments/staging/mnist.yaml")).isPresent();
            assertThat(repo.read(main.id(), "environments/production/mnist.yaml")).isEmpty();
            assertThat(repo.head("staging")).isEmpty();
        }
    }
}
