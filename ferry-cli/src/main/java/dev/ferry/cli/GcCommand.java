package dev.ferry.cli;

import dev.ferry.api.artifact.GcResult;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry gc}: deletes artifacts that no run and no model version references. */
@Command(
        name = "gc",
        description = "Delete artifacts that no run and no registered model references.")
final class GcCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(
            names = "--force",
            description =
                    "Collect even while runs are in progress (their new outputs may be lost).")
    boolean force;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            // A running step stores its outputs before it records them: collecting then would
            // delete artifacts that are about to be referenced.
            List<String> active =
                    ws.metadata().listRuns(Integer.MAX_VALUE).stream()
                            .filter(r -> r.state() == RunState.RUNNING)
                            .map(RunRecord::id)
                            .toList();
            if (!active.isEmpty() && !force) {
                throw new UserInputException(
                        "runs in progress: "
                                + String.join(", ", active)
                                + "; wait for them, or use --force");
            }
            GcResult result = ws.artifacts().retainOnly(ws.metadata().referencedArtifacts());
            out.printf(
                    "removed %d artifacts (%s), kept %d%n",
                    result.removed(), bytes(result.bytesFreed()), result.kept());
            return ExitCode.OK;
        }
    }

    static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = n;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
