package dev.ferry.cli;

import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.core.cache.CacheExplainer;
import dev.ferry.core.cache.CacheExplanation;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry explain RUN STEP}: why a step was, or was not, served from the cache. */
@Command(
        name = "explain",
        description = "Explain why a step was or was not cached: which part of its key changed.")
final class ExplainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Parameters(index = "1", paramLabel = "STEP")
    String step;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            String id = ws.run(run).id();
            List<CacheExplanation> explanations =
                    new CacheExplainer(ws.metadata()).explain(id, step);
            if (explanations.isEmpty()) {
                throw new UserInputException("run " + id + " has no step '" + step + "'");
            }
            if (json) {
                new JsonOutput().print(out, explanations);
                return ExitCode.OK;
            }
            for (CacheExplanation e : explanations) {
                String where = explanations.size() > 1 ? step + " #" + e.matrixIndex() : step;
                out.println(where + ": " + e.summary());
                e.changes().forEach(c -> out.println("  " + c.describe()));
            }
            out.flush();
            return ExitCode.OK;
        }
    }
}
