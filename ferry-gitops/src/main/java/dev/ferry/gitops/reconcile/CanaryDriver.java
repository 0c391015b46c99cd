package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.api.rollout.RolloutResult;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Drives canaries between steps. The step a canary is at lives in its rollout record; the analysis
 * window (its start and the statistics at its start) lives here, in memory, so a restarted
 * reconciler re-applies the step and observes a fresh window from there.
 */
final class CanaryDriver {
    private record AnalysisWindow(
            String rolloutId,
            int step,
            Instant startedAt,
            Instant due,
            Map<String, PredictorStats> baseline,
            boolean waitingNoted) {}

    private static final Duration RECHECK = Duration.ofSeconds(5);

    private final ServingTarget target;
    private final AnalysisCriteria defaults;
    private final Consumer<String> progress;
    private final Map<String, AnalysisWindow> windows = new HashMap<>();

    /**
     * {@code defaults} are the reconciler's criteria; a deployment's {@code rollout.analysis}
     * overrides them threshold by threshold.
     */
    CanaryDriver(ServingTarget target, AnalysisCriteria defaults, Consumer<String> progress) {
        this.target = target;
        this.defaults = defaults;
        this.progress = progress;
    }

    /** The plan of a canary whose record is progressing at {@code record.step()}. */
    Plan next(
            ModelDeployment d,
            Routing git,
            RolloutRecord record,
            Optional<Routing> current,
            Instant now) {
        String name = d.name();
        List<Integer> steps = d.rollout().steps();
        int i = Math.min(record.step(), steps.size() - 1);
        Routing at = Routings.canaryAt(git, steps.get(i));
        AnalysisWindow w = windows.get(name);
        if (w == null
                || !w.rolloutId().equals(record.id())
                || w.step() != i
                || current.isEmpty()
                || !at.equals(current.get())) {
            // A restart, or the server lost the routing: put the step back, observe afresh.
            return new Plan(
                    d,
                    Optional.of(at),
                    Optional.of(
                            record.progress(
                                    i,
                                    current.isPresent() && at.equals(current.get())
                                            ? List.of()
                                            : List.of("route " + Routings.text(at)),
                                    Map.of(),
                                    message(d, git, steps.get(i)))),
                    false,
                    false,
                    RolloutResult.PROGRESSING,
                    true);
        }
        if (now.isBefore(w.due())) {
            return Plan.steady(d, Optional.of(at));
        }
        Map<String, Window> deltas = Window.between(w.baseline(), snapshot(name));
        String canaryName = git.routes().getLast().predictor();
        Window canary = deltas.getOrDefault(canaryName, Window.empty());
        Window stable = Window.empty();
        for (Map.Entry<String, Window> e : deltas.entrySet()) {
            if (!e.getKey().equals(canaryName) && !e.getKey().equals(PredictorStats.SHADOW)) {
                stable = stable.plus(e.getValue());
            }
        }
        CanaryAnalysis.Verdict verdict =
                new CanaryAnalysis(defaults.overriddenBy(d.rollout().analysis()))
                        .judge(stable, canary);
        String key = "step " + (i + 1) + " (" + steps.get(i) + "%)";
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("verdict", verdict.outcome().name().toLowerCase(java.util.Locale.ROOT));
        evidence.put("reason", verdict.reason());
        evidence.put("windowStart", w.startedAt().toString());
        evidence.put("windowEnd", now.toString());
        evidence.putAll(verdict.evidence());
        switch (verdict.outcome()) {
            case WAIT -> {
                if (!w.waitingNoted()) {
                    progress.accept(name + ": " + verdict.reason());
                }
                // Keep the window's start so requests accumulate; look again soon.
                Duration recheck = d.rollout().analysisWindow();
                if (recheck.compareTo(RECHECK) > 0) {
                    recheck = RECHECK;
                }
                windows.put(
                        name,
                        new AnalysisWindow(
                                w.rolloutId(),
                                w.step(),
                                w.startedAt(),
                                now.plus(recheck),
                                w.baseline(),
                                true));
                return Plan.steady(d, Optional.of(at));
            }
            case FAIL -> {
                Routing stableOnly = Routings.stableOnly(git);
                progress.accept(
                        name + ": canary aborted at " + steps.get(i) + "%: " + verdict.reason());
                return new Plan(
                        d,
                        Optional.of(stableOnly),
                        Optional.of(
                                record.progress(
                                        i,
                                        List.of("route " + Routings.text(stableOnly)),
                                        Map.of(key, evidence),
                                        "canary "
                                                + git.routes().getLast().version()
                                                + " aborted at "
                                                + steps.get(i)
                                                + "%: "
                                                + verdict.reason()
                                                + "; stable serves")),
                        false,
                        false,
                        RolloutResult.ABORTED,
                        false);
            }
            default -> {
                int next = i + 1;
                boolean last = next >= steps.size() || steps.get(next) >= 100;
                Routing routing =
                        last ? Routings.completed(git) : Routings.canaryAt(git, steps.get(next));
                progress.accept(name + ": step " + (i + 1) + " passed (" + verdict.reason() + ")");
                return new Plan(
                        d,
                        Optional.of(routing),
                        Optional.of(
                                record.progress(
                                        Math.min(next, steps.size() - 1),
                                        List.of("route " + Routings.text(routing)),
                                        Map.of(key, evidence),
                                        last
                                                ? "canary "
                                                        + git.routes().getLast().version()
                                                        + " promoted: it takes all traffic"
                                                : message(d, git, steps.get(next)))),
                        false,
                        !last,
                        last ? RolloutResult.SUCCEEDED : RolloutResult.PROGRESSING,
                        !last);
            }
        }
    }

    /** Starts the analysis window of a step that was just applied. */
    void startWindow(ModelDeployment d, RolloutRecord record, Instant now) {
        windows.put(
                d.name(),
                new AnalysisWindow(
                        record.id(),
                        record.step(),
                        now,
                        now.plus(d.rollout().analysisWindow()),
                        snapshot(d.name()),
                        false));
    }

    /** Forgets a deployment's window (its canary finished or failed). */
    void forget(String deployment) {
        windows.remove(deployment);
    }

    /** How long until the next window is due, if any canary is being observed. */
    Optional<Duration> nextDue(Instant now) {
        return windows.values().stream()
                .map(w -> Duration.between(now, w.due()))
                .map(d -> d.isNegative() ? Duration.ZERO : d)
                .min(Duration::compareTo);
    }

    static String message(ModelDeployment d, Routing git, int percent) {
        return "canary "
                + git.routes().getLast().version()
                + " at "
                + percent
                + "%, analysing for "
                + dev.ferry.core.manifest.Durations.format(d.rollout().analysisWindow());
    }

    private Map<String, PredictorStats> snapshot(String deployment) {
        Map<String, PredictorStats> map = new LinkedHashMap<>();
        for (PredictorStats s : target.stats(deployment)) {
            map.put(s.predictor(), s);
        }
        return map;
    }
}
