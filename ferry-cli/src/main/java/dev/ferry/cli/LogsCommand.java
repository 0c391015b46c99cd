package dev.ferry.cli;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.core.execution.StepLogs;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry logs RUN [STEP] [-f]}: what the steps of a run printed. */
@Command(name = "logs", description = "Print the logs of a run's steps (stdout and stderr).")
final class LogsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Parameters(index = "1", arity = "0..1", paramLabel = "STEP", description = "Only this step.")
    String step;

    @Option(
            names = {"-f", "--follow"},
            description = "Keep printing new lines until the run finishes.")
    boolean follow;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            RunRecord record = ws.run(run);
            StepLogs logs = new StepLogs(ws.layout(), ws.metadata());
            if (step != null
                    && ws.metadata().stepRuns(record.id()).stream()
                            .noneMatch(s -> s.stepName().equals(step))) {
                throw new UserInputException(
                        "run " + record.id() + " has no step '" + step + "' (see 'ferry show')");
            }
            if (follow) {
                logs.follow(
                        record.id(),
                        Optional.ofNullable(step),
                        out::println,
                        Duration.ofMillis(200));
            } else {
                logs.print(record.id(), Optional.ofNullable(step), out::println);
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
