package dev.ferry.cli;

import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry show RUN}: a run's steps with state, duration, cache source and metrics. */
@Command(
        name = "show",
        description = "Show a run: its steps with state, duration, cache source and metrics.")
final class ShowCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            RunRecord record = ws.run(run);
            List<StepRunRecord> attempts = ws.metadata().stepRuns(record.id());
            List<MetricPoint> metrics = ws.metadata().metrics(record.id());
            if (json) {
                Map<String, Object> view = new LinkedHashMap<>();
                view.put("run", record);
                view.put("steps", attempts);
                view.put("metrics", metrics);
                new JsonOutput().print(out, view);
                return ExitCode.OK;
            }
            out.printf(
                    "run %s  pipeline %s  %s%n", record.id(), record.pipeline(), describe(record));
            out.printf("manifest %s (%s)%n", record.manifestPath(), record.manifestDigest());
            record.codeVersion().ifPresent(v -> out.println("code " + v));
            if (!record.params().isEmpty()) {
                out.println("params " + record.params());
            }
            record.message().ifPresent(m -> out.println("message: " + m));
            out.println();
            Table table =
                    new Table("STEP", "STATE", "ATTEMPTS", "DURATION", "CACHE", "METRICS", "NOTE");
            Map<String, List<MetricPoint>> byStepRun =
                    metrics.stream().collect(Collectors.groupingBy(MetricPoint::stepRunId));
            for (StepRunRecord last : latestAttempts(attempts).values()) {
                long tries =
                        attempts.stream()
                                .filter(
                                        a ->
                                                a.stepName().equals(last.stepName())
                                                        && a.matrixIndex() == last.matrixIndex())
                                .count();
                table.row(
                        label(last),
                        last.state(),
                        tries,
                        Durations.between(last.startedAt(), last.finishedAt()),
                        last.cachedFrom().map(id -> "from " + id).orElse(""),
                        lastValues(byStepRun.getOrDefault(last.id(), List.of())),
                        last.message()
                                .map(ShowCommand::firstLine)
                                .or(() -> last.exitCode().filter(c -> c != 0).map(c -> "exit " + c))
                                .orElse(""));
            }
            table.print(out);
            return ExitCode.OK;
        }
    }

    private static String describe(RunRecord run) {
        return run.state()
                + " "
                + Durations.local(run.createdAt())
                + (run.finishedAt().isPresent()
                        ? " ("
                                + Durations.between(Optional.of(run.createdAt()), run.finishedAt())
                                + ")"
                        : "");
    }

    /** The last attempt of each step (and matrix point), in the order steps first ran. */
    static Map<String, StepRunRecord> latestAttempts(List<StepRunRecord> attempts) {
        Map<String, StepRunRecord> latest = new LinkedHashMap<>();
        for (StepRunRecord a : attempts) {
            latest.merge(
                    a.stepName() + "#" + a.matrixIndex(),
                    a,
                    (old, now) -> now.attempt() >= old.attempt() ? now : old);
        }
        return latest;
    }

    private static String label(StepRunRecord step) {
        return step.matrix().isEmpty() ? step.stepName() : step.stepName() + " " + step.matrix();
    }

    private static String lastValues(List<MetricPoint> points) {
        Map<String, MetricPoint> last = new LinkedHashMap<>();
        points.forEach(p -> last.merge(p.name(), p, (a, b) -> b.step() >= a.step() ? b : a));
        return last.values().stream()
                .map(p -> p.name() + "=" + format(p.value()))
                .collect(Collectors.joining(" "));
    }

    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e12
                ? Long.toString((long) v)
                : String.format("%.4g", v);
    }

    private static String firstLine(String text) {
        int nl = text.indexOf('\n');
        String line = nl < 0 ? text : text.substring(0, nl);
        return line.length() > 100 ? line.substring(0, 97) + "..." : line;
    }
}
