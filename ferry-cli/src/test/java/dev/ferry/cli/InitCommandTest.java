package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.core.validation.ManifestValidator;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class InitCommandTest {
    @TempDir Path dir;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void scaffoldsAProjectWhosePipelineIsValid() {
        Path project = dir.resolve("credit");

        assertThat(ferry("init", project.toString())).isZero();

        assertThat(project.resolve("pipeline.yaml")).isRegularFile();
        assertThat(project.resolve("ferry.yaml")).isRegularFile();
        assertThat(project.resolve(".gitignore")).hasContent(".ferry/");
        assertThat(project.resolve("data/credit-g.arff")).isRegularFile();
        assertThat(ManifestValidator.standard().validate(project.resolve("pipeline.yaml")))
                .isEmpty();
        assertThat(out.toString()).contains("ferry run pipeline.yaml");
    }

    @Test
    void refusesToWriteOverAnExistingProject() throws Exception {
        Files.writeString(dir.resolve("pipeline.yaml"), "mine");

        assertThat(ferry("init", dir.toString())).isEqualTo(ExitCode.INVALID);

        assertThat(err.toString()).contains("already has pipeline.yaml");
        assertThat(dir.resolve("pipeline.yaml")).hasContent("mine");
        assertThat(dir.resolve("ferry.yaml")).doesNotExist();
    }
}
