package dev.ferry.cli.progress;

import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.cli.terminal.Durations;
import dev.ferry.core.engine.RunListener;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A live progress view for terminals: one line per step (matrix points folded into counts), redrawn
 * in place a few times a second, with the latest metric of running steps.
 */
public final class TerminalProgress implements RunListener, AutoCloseable {
    private static final String[] SPINNER = {"|", "/", "-", "\\"};

    private final PrintWriter out;
    private final Clock clock;
    private final int width;
    private final ScheduledExecutorService ticker =
            Executors.newSingleThreadScheduledExecutor(Thread.ofVirtual().factory());
    private final Map<String, StepView> steps = new LinkedHashMap<>();
    private RunRecord run;
    private Instant started;
    private int drawnLines;
    private int frame;
    private boolean finished;

    public TerminalProgress(PrintWriter out, Clock clock, int width) {
        this.out = out;
        this.clock = clock;
        this.width = Math.max(40, width);
    }

    @Override
    public synchronized void runStarted(RunRecord run, List<String> names) {
        this.run = run;
        this.started = clock.instant();
        names.forEach(n -> steps.putIfAbsent(n, new StepView()));
        ticker.scheduleAtFixedRate(this::draw, 0, 150, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stepChanged(StepRunRecord step) {
        steps.computeIfAbsent(step.stepName(), n -> new StepView()).update(step);
    }

    @Override
    public synchronized void metric(StepRunRecord step, MetricPoint point) {
        steps.computeIfAbsent(step.stepName(), n -> new StepView()).metric = Optional.of(point);
    }

    @Override
    public void runFinished(RunRecord run) {
        synchronized (this) {
            this.run = run;
            finished = true;
        }
        ticker.shutdown();
        draw();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }

    private synchronized void draw() {
        if (run == null) {
            return;
        }
        List<String> lines = new ArrayList<>();
        int running = 0, done = 0, cached = 0, failed = 0;
        for (StepView v : steps.values()) {
            running += v.count(StepState.RUNNING);
            done += v.count(StepState.SUCCEEDED);
            cached += v.count(StepState.CACHED);
            failed += v.count(StepState.FAILED);
        }
        String elapsed = Durations.human(Duration.between(started, clock.instant()));
        lines.add(
                String.format(
                        "run %s  %s  %s  running %d  done %d  cached %d  failed %d",
                        run.id(),
                        run.pipeline(),
                        finished ? run.state().toString() : elapsed,
                        running,
                        done,
                        cached,
                        failed));
        frame++;
        steps.forEach((name, v) -> lines.add(v.render(name, SPINNER[frame % SPINNER.length])));
        StringBuilder screen = new StringBuilder();
        if (drawnLines > 0) {
            screen.append("\033[").append(drawnLines).append('A');
        }
        for (String line : lines) {
            String fitted = line.length() > width ? line.substring(0, width - 1) : line;
            screen.append("\r\033[2K").append(fitted).append('\n');
        }
        out.print(screen);
        out.flush();
        drawnLines = lines.size();
    }

    /** What the view knows of one step: its attempts per matrix point. */
    private static final class StepView {
        final Map<Integer, StepRunRecord> points = new LinkedHashMap<>();
        Optional<MetricPoint> metric = Optional.empty();

        void update(StepRunRecord step) {
            points.put(step.matrixIndex(), step);
        }

        int count(StepState state) {
            return (int) points.values().stream().filter(p -> p.state() == state).count();
        }

        String render(String name, String spin) {
            if (points.isEmpty()) {
                return "  .  " + name;
            }
            StepRunRecord any = points.values().iterator().next();
            String symbol = symbol(points.values(), spin);
            StringBuilder line = new StringBuilder("  ").append(symbol).append("  ").append(name);
            if (points.size() > 1 || !any.matrix().isEmpty()) {
                line.append(
                        String.format(
                                " [%d/%d done",
                                count(StepState.SUCCEEDED) + count(StepState.CACHED),
                                points.size()));
                int running = count(StepState.RUNNING);
                if (running > 0) {
                    line.append(", ").append(running).append(" running");
                }
                int failed = count(StepState.FAILED);
                if (failed > 0) {
                    line.append(", ").append(failed).append(" failed");
                }
                line.append(']');
            } else {
                line.append("  ").append(any.state().toString().toLowerCase(java.util.Locale.ROOT));
                if (any.attempt() > 1) {
                    line.append(" (attempt ").append(any.attempt()).append(')');
                }
                if (any.state() == StepState.SUSPENDED) {
                    line.append("  waiting: ferry approve ")
                            .append(any.runId())
                            .append(' ')
                            .append(any.stepName());
                }
                String took = Durations.between(any.startedAt(), any.finishedAt());
                if (!took.isEmpty() && any.state() != StepState.CACHED) {
                    line.append("  ").append(took);
                }
            }
            if (points.values().stream().anyMatch(p -> p.state() == StepState.RUNNING)) {
                metric.ifPresent(
                        m ->
                                line.append("  ")
                                        .append(m.name())
                                        .append('=')
                                        .append(StepLabel.metric(m.value()))
                                        .append(" @")
                                        .append(m.step()));
            }
            return line.toString();
        }

        private static String symbol(Iterable<StepRunRecord> points, String spin) {
            boolean running = false, failed = false, suspended = false, pending = false;
            for (StepRunRecord p : points) {
                switch (p.state()) {
                    case RUNNING -> running = true;
                    case FAILED, CANCELLED -> failed = true;
                    case SUSPENDED -> suspended = true;
                    case PENDING -> pending = true;
                    default -> {}
                }
            }
            if (running) {
                return spin;
            }
            if (failed) {
                return "x";
            }
            if (suspended) {
                return "?";
            }
            if (pending) {
                return ".";
            }
            StepRunRecord first = points.iterator().next();
            return switch (first.state()) {
                case CACHED -> "=";
                case SKIPPED -> "-";
                default -> "+";
            };
        }
    }
}
