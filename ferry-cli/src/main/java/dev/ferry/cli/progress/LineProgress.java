package dev.ferry.cli.progress;

import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.core.engine.RunListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** Progress as plain timestamped lines, for logs and pipes (no terminal control codes). */
public final class LineProgress implements RunListener {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    private final PrintWriter out;
    private final Clock clock;

    public LineProgress(PrintWriter out, Clock clock) {
        this.out = out;
        this.clock = clock;
    }

    @Override
    public void runStarted(RunRecord run, List<String> steps) {
        line("run " + run.id() + " of " + run.pipeline() + ": " + steps.size() + " steps");
    }

    @Override
    public void stepChanged(StepRunRecord step) {
        StringBuilder text = new StringBuilder(StepLabel.of(step)).append(' ').append(step.state());
        if (step.attempt() > 1) {
            text.append(" (attempt ").append(step.attempt()).append(')');
        }
        if (step.state().isTerminal()
                && step.state() != StepState.SKIPPED
                && step.state() != StepState.CACHED) {
            String took = Durations.between(step.startedAt(), step.finishedAt());
            if (!took.isEmpty()) {
                text.append(" in ").append(took);
            }
        }
        step.cachedFrom().ifPresent(id -> text.append(" from ").append(id));
        if (step.state() == StepState.FAILED) {
            step.message().ifPresent(m -> text.append(": ").append(m));
        }
        if (step.state() == StepState.SUSPENDED) {
            text.append(": waiting for approval: ferry approve ")
                    .append(step.runId())
                    .append(' ')
                    .append(step.stepName());
        }
        line(text.toString());
    }

    @Override
    public void metric(StepRunRecord step, MetricPoint point) {
        line(
                StepLabel.of(step)
                        + " "
                        + point.name()
                        + "="
                        + StepLabel.metric(point.value())
                        + " (step "
                        + point.step()
                        + ")");
    }

    @Override
    public void runFinished(RunRecord run) {
        line(
                "run "
                        + run.id()
                        + " "
                        + run.state()
                        + " in "
                        + Durations.between(
                                java.util.Optional.of(run.createdAt()), run.finishedAt())
                        + run.message().map(m -> ": " + m).orElse(""));
    }

    private synchronized void line(String text) {
        Instant now = clock.instant();
        out.println(TIME.format(now) + " " + text);
        out.flush();
    }
}
