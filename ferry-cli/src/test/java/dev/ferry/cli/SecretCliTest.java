package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.gitops.secret.SealedSecret;
import dev.ferry.gitops.secret.SealingKeys;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ferry secret keygen} and {@code ferry secret seal}, in process. */
class SecretCliTest {
    private static final String TOKEN = "glpat-" + "InProcessExampleToken77";

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
    void aValuePipedInIsSealedForTheHomesKeyAndOpensThere() throws Exception {
        String home = tmp.resolve("home").toString();
        assertThat(ferry("secret", "keygen", "--home", home)).isZero();
        assertThat(out.toString()).contains("created sealing key ");
        Path target = tmp.resolve("secrets/git-token.sealed.yaml");

        InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream((TOKEN + "\n").getBytes(StandardCharsets.UTF_8)));
            assertThat(
                            ferry(
                                    "secret",
                                    "seal",
                                    "git-token",
                                    "--home",
                                    home,
                                    "-o",
                                    target.toString()))
                    .as(err.toString())
                    .isZero();
        } finally {
            System.setIn(stdin);
        }

        assertThat(Files.readString(target)).doesNotContain(TOKEN).contains("kind: SealedSecret");
        assertThat(SealingKeys.in(Path.of(home)).opener().open(SealedSecret.read(target)).reveal())
                .isEqualTo(TOKEN);
        assertThat(out.toString() + err).doesNotContain(TOKEN);
    }

    @Test
    void aValueOnTheCommandLineIsRefusedWithoutBeingEchoed() {
        String home = tmp.toString();
        assertThat(ferry("secret", "keygen", "--home", home)).isZero();

        assertThat(ferry("secret", "seal", "git-token", TOKEN, "--home", home))
                .isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("never from the command line").doesNotContain(TOKEN);
        assertThat(tmp.resolve("secrets")).doesNotExist();
    }

    @Test
    void sealingWithoutAKeySaysHowToGetOne() {
        assertThat(
                        ferry(
                                "secret",
                                "seal",
                                "git-token",
                                "--home",
                                tmp.toString(),
                                "--from-file",
                                "x"))
                .isEqualTo(ExitCode.FAILED);
        assertThat(err.toString())
                .contains("no public sealing key")
                .contains("ferry secret keygen");
    }
}
