package dev.ferry.cli;

import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.SourceStatus;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ferry deployments}: what the reconciler last did to each deployment, and a line above the
 * table when its desired-state source is not in step with the remote.
 */
@Command(
        name = "deployments",
        description =
                "Show each deployment's status (applied commit, last rollout, suspended) and"
                        + " whether the GitOps remote is in step.")
final class DeploymentsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    /** One deployment's status with its latest rollout, for {@code --json}. */
    record Row(DeploymentStatus status, Optional<RolloutRecord> lastRollout) {}

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            Instant now = ws.clock().instant();
            ZoneId zone = ZoneId.systemDefault();
            List<SourceStatus> sources = ws.rollouts().sourceStatuses();
            List<Row> rows = new ArrayList<>();
            for (DeploymentStatus s : ws.rollouts().statuses()) {
                rows.add(new Row(s, ws.rollouts().history(s.deployment(), 1).stream().findFirst()));
            }
            if (json) {
                JsonOutput output = new JsonOutput();
                List<Map<String, Object>> list = new ArrayList<>();
                for (Row r : rows) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("deployment", r.status().deployment());
                    m.put("appliedCommit", r.status().appliedCommit().orElse(null));
                    m.put("suspended", r.status().suspended());
                    m.put("message", r.status().message());
                    m.put("updatedAt", r.status().updatedAt());
                    m.put(
                            "lastRollout",
                            r.lastRollout().map(l -> RolloutsCommand.json(output, l)).orElse(null));
                    list.add(m);
                }
                List<Map<String, Object>> sourceList = new ArrayList<>();
                for (SourceStatus source : sources) {
                    sourceList.add(SourceLine.json(source, now, zone));
                }
                Map<String, Object> all = new LinkedHashMap<>();
                all.put("sources", sourceList);
                all.put("deployments", list);
                output.print(out, all);
                return ExitCode.OK;
            }
            for (SourceStatus source : sources) {
                if (!source.inStep()) {
                    out.println(SourceLine.describe(source, now, zone));
                }
            }
            if (rows.isEmpty()) {
                out.println("no deployments reconciled yet: try 'ferry reconcile'");
                return ExitCode.OK;
            }
            Table table =
                    new Table(
                            "DEPLOYMENT", "STATE", "COMMIT", "LAST ROLLOUT", "UPDATED", "MESSAGE");
            for (Row r : rows) {
                DeploymentStatus s = r.status();
                table.row(
                        s.deployment(),
                        s.suspended() ? "suspended" : "reconciled",
                        s.appliedCommit()
                                .map(c -> c.substring(0, Math.min(10, c.length())))
                                .orElse(""),
                        r.lastRollout()
                                .map(l -> l.strategy() + " " + l.result().display())
                                .orElse(""),
                        Durations.local(s.updatedAt()),
                        RolloutsCommand.shorten(s.message()));
            }
            table.print(out);
            return ExitCode.OK;
        }
    }
}
