package dev.ferry.cli;

import dev.ferry.api.artifact.Digest;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.core.lineage.LineageService;
import dev.ferry.core.lineage.LineageText;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry lineage sha256:...|RUN}: where an artifact came from and went, or a run's graph. */
@Command(
        name = "lineage",
        description = {
            "Lineage of an artifact (sha256:...): what produced it and what consumed it;",
            "or of a run: its steps, their input and output artifacts."
        })
final class LineageCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "ARTIFACT|RUN", description = "sha256:<hex>, or a run id or prefix.")
    String subject;

    @Option(
            names = "--depth",
            defaultValue = "3",
            description = "How many producer/consumer hops to follow (default ${DEFAULT-VALUE}).")
    int depth;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            LineageService lineage = new LineageService(ws.metadata());
            Object view;
            String text;
            if (subject.startsWith(Digest.PREFIX)) {
                if (!Digest.isDigest(subject)) {
                    throw new UserInputException(
                            "'" + subject + "' is not a digest: expected sha256:<64 hex digits>");
                }
                var artifact = lineage.ofArtifact(Digest.parse(subject), depth);
                view = artifact;
                text = LineageText.render(artifact);
            } else {
                var graph = lineage.ofRun(ws.run(subject).id());
                view = graph;
                text = LineageText.render(graph);
            }
            if (json) {
                new JsonOutput().print(out, view);
            } else {
                out.print(text);
                out.flush();
            }
            return ExitCode.OK;
        }
    }
}
