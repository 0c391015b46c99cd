package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FerryCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int ferry(String... args) {
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void printsItsVersion() {
        assertThat(ferry("--version")).isZero();
        assertThat(out.toString()).startsWith("ferry 0.").contains("Java 25");
    }

    @Test
    void anUnknownCommandIsInvalidInputWithASuggestion() {
        assertThat(ferry("rnu")).isEqualTo(ExitCode.INVALID);
        assertThat(err.toString()).contains("Unmatched argument").doesNotContain("Exception");
    }

    @Test
    void generatesABashCompletionScript() {
        assertThat(ferry("generate-completion")).isZero();
        assertThat(out.toString()).contains("complete -F");
    }
}
