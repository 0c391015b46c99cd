package dev.ferry.cli;

import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry rollouts DEPLOYMENT}: the history of a deployment's rollouts and decisions. */
@Command(
        name = "rollouts",
        description = "Show a deployment's rollouts, newest first, with their evidence (--json).")
final class RolloutsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment's name.")
    String deployment;

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "How many rollouts (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON, evidence included.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            List<RolloutRecord> history = ws.rollouts().history(deployment, limit);
            if (json) {
                JsonOutput json = new JsonOutput();
                json.print(out, history.stream().map(r -> json(json, r)).toList());
                return ExitCode.OK;
            }
            if (history.isEmpty()) {
                out.println(
                        "no rollouts of "
                                + deployment
                                + " yet: see 'ferry deployments' for the names the reconciler"
                                + " knows");
                return ExitCode.OK;
            }
            Table table =
                    new Table(
                            "ROLLOUT",
                            "STARTED",
                            "STRATEGY",
                            "RESULT",
                            "STEP",
                            "COMMIT",
                            "DURATION",
                            "MESSAGE");
            for (RolloutRecord r : history) {
                table.row(
                        r.id(),
                        Durations.local(r.startedAt()),
                        r.strategy(),
                        r.result().display(),
                        stepNumber(r).map(String::valueOf).orElse(""),
                        r.commit().substring(0, Math.min(10, r.commit().length())),
                        Durations.between(Optional.of(r.startedAt()), r.finishedAt()),
                        shorten(r.message()));
            }
            table.print(out);
            return ExitCode.OK;
        }
    }

    /**
     * A record for {@code --json}: its fields, with the canary step as {@code stepIndex} (0-based,
     * into the manifest's {@code rollout.steps}) and {@code stepNumber} (1-based, as the table's
     * STEP column; null for other strategies) instead of an ambiguous {@code step}.
     */
    static java.util.Map<String, Object> json(JsonOutput json, RolloutRecord r) {
        java.util.Map<String, Object> fields = json.fields(r);
        java.util.Map<String, Object> out = new java.util.LinkedHashMap<>();
        fields.forEach(
                (k, v) -> {
                    if (k.equals("step")) {
                        out.put("stepIndex", r.step());
                        out.put("stepNumber", stepNumber(r).orElse(null));
                    } else {
                        out.put(k, v);
                    }
                });
        return out;
    }

    /** The canary step people count, from 1; empty for other strategies. */
    static Optional<Integer> stepNumber(RolloutRecord r) {
        return r.strategy().equals("canary") ? Optional.of(r.step() + 1) : Optional.empty();
    }

    static String shorten(String text) {
        return text.length() > 100 ? text.substring(0, 97) + "..." : text;
    }

    static Instant now() {
        return Instant.now();
    }
}
