package dev.ferry.cli;

import dev.ferry.api.pipeline.Problem;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.core.validation.ManifestValidator;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry validate FILE...}: checks manifests without running anything. */
@Command(
        name = "validate",
        description = {
            "Check manifests: schema, names, references, expressions, dependency cycles.",
            "Prints nothing for valid files unless -v; each problem as file:line:col: error: ..."
        })
final class ValidateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Manifest files.")
    List<Path> files;

    @Option(
            names = {"-v", "--verbose"},
            description = "Also say which files are valid.")
    boolean verbose;

    @Option(names = "--json", description = "Print the problems of each file as JSON.")
    boolean json;

    @Override
    public Integer call() {
        ManifestValidator validator = ManifestValidator.standard();
        if (json) {
            Map<String, List<Problem>> problems = new LinkedHashMap<>();
            files.forEach(f -> problems.put(f.toString(), validator.validate(f)));
            new JsonOutput().print(spec.commandLine().getOut(), problems);
            return problems.values().stream().allMatch(List::isEmpty)
                    ? ExitCode.OK
                    : ExitCode.INVALID;
        }
        return validator.run(
                files,
                verbose,
                new PrintStream(System.out, true, StandardCharsets.UTF_8),
                new PrintStream(System.err, true, StandardCharsets.UTF_8));
    }
}
