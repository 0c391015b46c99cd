package dev.ferry.cli;

import dev.ferry.api.promotion.Evidence;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.cli.terminal.JsonOutput;
import dev.ferry.cli.terminal.Table;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry promotions}, {@code approve-promotion} and {@code reject-promotion}. */
@Command(
        name = "promotions",
        description =
                "Promotion requests from the staging branch to production, newest first, with the"
                        + " staging gate's evidence.")
final class PromotionsCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Option(names = "--deployment", paramLabel = "NAME", description = "Only this deployment.")
    String deployment;

    @Option(
            names = {"-n", "--limit"},
            defaultValue = "20",
            description = "How many (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "Print JSON (with diffs and evidence).")
    boolean json;

    @Option(
            names = {"-v", "--verbose"},
            description = "Print each request's evidence and diff.")
    boolean verbose;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global)) {
            List<Promotion> requests = ws.promotions().list(Optional.ofNullable(deployment), limit);
            if (json) {
                new JsonOutput().print(out, requests);
                return ExitCode.OK;
            }
            if (requests.isEmpty()) {
                out.println(
                        "no promotion requests yet: try 'ferry promote DEPLOYMENT --model REF"
                                + " --gate in-process'");
                return ExitCode.OK;
            }
            if (verbose) {
                requests.forEach(r -> describe(out, r));
                return ExitCode.OK;
            }
            Table table = new Table("ID", "DEPLOYMENT", "MODEL", "STATE", "CHECKS", "UPDATED");
            for (Promotion r : requests) {
                table.row(
                        r.id(),
                        r.deployment(),
                        r.model(),
                        state(r),
                        checks(r),
                        dev.ferry.cli.terminal.Durations.local(r.updatedAt()));
            }
            table.print(out);
            return ExitCode.OK;
        }
    }

    static String state(Promotion r) {
        return r.state().name().toLowerCase(Locale.ROOT);
    }

    private static String checks(Promotion r) {
        return r.evidence().stream()
                .map(e -> e.check() + (e.passed() ? " ok" : " FAILED"))
                .collect(Collectors.joining(", "));
    }

    /** A request in full: state, evidence, what to do next, and the diff. */
    static void describe(PrintWriter out, Promotion r) {
        out.printf(
                "promotion request %s: %s %s (%s)%n", r.id(), r.deployment(), state(r), r.model());
        for (Evidence e : r.evidence()) {
            out.printf("  %-8s %s  %s%n", e.check(), e.passed() ? "ok    " : "FAILED", e.detail());
        }
        r.note().ifPresent(n -> out.printf("  note: %s%n", n));
        r.mergeCommit().ifPresent(c -> out.printf("  merged as %s%n", c.substring(0, 10)));
        if (r.state() == PromotionState.OPEN) {
            out.printf(
                    "  waiting: ferry approve-promotion %s  (or ferry reject-promotion %s)%n",
                    r.id(), r.id());
        }
        out.print(r.diff().indent(2));
    }

    /** {@code ferry approve-promotion ID}. */
    @Command(
            name = "approve-promotion",
            description = "Merge an open promotion request into the production branch.")
    static final class Approve implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Mixin GitOpsOptions gitops;

        @Parameters(paramLabel = "ID", description = "The request's id or a unique prefix.")
        String id;

        @Option(
                names = "--by",
                paramLabel = "NAME",
                description = "Who approves (default: the USER environment variable).")
        String by;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(global);
                    DesiredStateRepository repo = gitops.open(ws)) {
                Promotion r = gitops.requests(ws, repo).approve(id, who(by));
                describe(spec.commandLine().getOut(), r);
                return ExitCode.OK;
            }
        }
    }

    /** {@code ferry reject-promotion ID}. */
    @Command(
            name = "reject-promotion",
            description = "Close an open promotion request without merging it.")
    static final class Reject implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Mixin GitOpsOptions gitops;

        @Parameters(paramLabel = "ID", description = "The request's id or a unique prefix.")
        String id;

        @Option(names = "--by", paramLabel = "NAME", description = "Who rejects.")
        String by;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the record.")
        String reason;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(global);
                    DesiredStateRepository repo = gitops.open(ws)) {
                Promotion r =
                        gitops.requests(ws, repo).reject(id, who(by), Optional.ofNullable(reason));
                spec.commandLine()
                        .getOut()
                        .printf("promotion request %s: %s rejected%n", r.id(), r.deployment());
                return ExitCode.OK;
            }
        }
    }

    static String who(String by) {
        return by != null ? by : Optional.ofNullable(System.getenv("USER")).orElse("unknown");
    }
}
