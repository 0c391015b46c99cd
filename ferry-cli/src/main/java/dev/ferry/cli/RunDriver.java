package dev.ferry.cli;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.model.ModelSummary;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.cli.progress.LineProgress;
import dev.ferry.cli.progress.TerminalProgress;
import dev.ferry.core.engine.RunHandle;
import dev.ferry.core.engine.RunListener;
import java.io.Console;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * Drives a run in the foreground for {@code run}, {@code resume} and {@code approve}: shows
 * progress (live on a terminal, lines otherwise), cancels cleanly on Ctrl-C, and ends with a
 * summary that says where to look next.
 */
final class RunDriver {
    private final Workspace workspace;
    private final PrintWriter out;
    private final boolean plain;

    RunDriver(Workspace workspace, PrintWriter out, boolean plain) {
        this.workspace = workspace;
        this.out = out;
        this.plain = plain;
    }

    /** The listener the engine should report to. */
    RunListener listener() {
        Console console = System.console();
        if (!plain && console != null && console.isTerminal()) {
            int width = parseWidth(System.getenv("COLUMNS"));
            return new TerminalProgress(out, workspace.clock(), width);
        }
        return new LineProgress(out, workspace.clock());
    }

    /** Starts the run with {@code start}, waits for it, and returns the exit code. */
    int drive(Function<RunListener, RunHandle> start) {
        RunListener listener = listener();
        RunHandle handle = start.apply(listener);
        // Ctrl-C: stop the run's processes and record it as cancelled before the JVM goes.
        Thread onInterrupt =
                new Thread(
                        () -> {
                            handle.cancel();
                            handle.await(Duration.ofSeconds(20));
                        },
                        "ferry-cancel-on-interrupt");
        Runtime.getRuntime().addShutdownHook(onInterrupt);
        RunRecord done = handle.await();
        try {
            Runtime.getRuntime().removeShutdownHook(onInterrupt);
        } catch (IllegalStateException shuttingDown) {
            // The JVM is already exiting (Ctrl-C): the hook is doing its job.
        }
        if (listener instanceof TerminalProgress view) {
            view.close();
        }
        summarize(done);
        return switch (done.state()) {
            case SUCCEEDED -> ExitCode.OK;
            case SUSPENDED -> ExitCode.SUSPENDED;
            case CANCELLED -> ExitCode.CANCELLED;
            default -> ExitCode.FAILED;
        };
    }

    private void summarize(RunRecord run) {
        out.println();
        switch (run.state()) {
            case SUCCEEDED -> out.println("Run " + run.id() + " succeeded.");
            case SUSPENDED ->
                    out.println(
                            "Run "
                                    + run.id()
                                    + " waits for approval: ferry approve "
                                    + run.id()
                                    + " STEP");
            case CANCELLED ->
                    out.println(
                            "Run "
                                    + run.id()
                                    + " was cancelled; continue it with: ferry resume "
                                    + run.id());
            default ->
                    out.println(
                            "Run "
                                    + run.id()
                                    + " "
                                    + run.state().toString().toLowerCase(java.util.Locale.ROOT)
                                    + run.message().map(m -> ": " + m).orElse(".")
                                    + "\nFix the cause, then continue it with: ferry resume "
                                    + run.id());
        }
        List<ModelVersion> registered = registeredBy(run.id());
        out.println("Where to look next:");
        out.println("  ferry show " + run.id() + "       steps, states, durations, cache, metrics");
        out.println("  ferry logs " + run.id() + " STEP  what a step printed");
        out.println("  ferry lineage " + run.id() + "    artifacts in and out of every step");
        for (ModelVersion v : registered) {
            out.println(
                    "  ferry models show "
                            + v.ref()
                            + "   registered by this run"
                            + (v.aliases().isEmpty() ? "" : " as " + v.aliases()));
        }
        out.flush();
    }

    private List<ModelVersion> registeredBy(String runId) {
        return workspace.registry().models().stream()
                .map(ModelSummary::name)
                .flatMap(name -> workspace.registry().versions(name).stream())
                .filter(v -> v.registration().lineage().runId().equals(runId))
                .toList();
    }

    private static int parseWidth(String columns) {
        try {
            return columns == null ? 120 : Integer.parseInt(columns.trim());
        } catch (NumberFormatException e) {
            return 120;
        }
    }
}
