package dev.ferry.cli;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry runs}: the most recent runs, newest first. */
@Command(name = "runs", description = "List recent runs, newest first.")
final class RunsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "How many runs (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(global)) {
            List<RunRecord> runs = ws.metadata().listRuns(limit);
            if (json) {
                new JsonOutput().print(spec.commandLine().getOut(), runs);
                return ExitCode.OK;
            }
            Table table = new Table("RUN", "PIPELINE", "STATE", "STARTED", "DURATION", "MESSAGE");
            for (RunRecord run : runs) {
                table.row(
                        run.id(),
                        run.pipeline(),
                        run.state(),
                        Durations.local(run.createdAt()),
                        Durations.between(java.util.Optional.of(run.createdAt()), run.finishedAt()),
                        run.message().map(RunsCommand::firstLine).orElse(""));
            }
            if (table.isEmpty()) {
                spec.commandLine().getOut().println("no runs yet: try 'ferry run PIPELINE.yaml'");
            } else {
                table.print(spec.commandLine().getOut());
            }
            return ExitCode.OK;
        }
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 80 ? line.substring(0, 77) + "..." : line;
    }
}
