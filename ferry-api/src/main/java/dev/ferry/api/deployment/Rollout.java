package dev.ferry.api.deployment;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How a change of a deployment is rolled out.
 *
 * @param strategy rolling, canary, shadow or A/B
 * @param steps for a canary: the traffic percentages in order, ending at 100
 * @param analysisWindow for a canary: how long each step is observed before the next
 * @param stickyBy for A/B: the request header (or request parameter) whose value keeps a caller on
 *     one predictor; without it every request is drawn by weight
 * @param analysis for a canary: the deployment's own analysis thresholds, each one left out being
 *     the reconciler's default
 */
public record Rollout(
        RolloutStrategy strategy,
        List<Integer> steps,
        Duration analysisWindow,
        Optional<String> stickyBy,
        AnalysisThresholds analysis) {

    public static final Duration DEFAULT_ANALYSIS_WINDOW = Duration.ofMinutes(1);

    /** The canary steps when a manifest names none. */
    public static final List<Integer> DEFAULT_CANARY_STEPS = List.of(10, 50, 100);

    public Rollout {
        steps = List.copyOf(steps);
    }

    /** A rollout with the reconciler's analysis thresholds. */
    public Rollout(
            RolloutStrategy strategy,
            List<Integer> steps,
            Duration analysisWindow,
            Optional<String> stickyBy) {
        this(strategy, steps, analysisWindow, stickyBy, AnalysisThresholds.none());
    }

    /** A rollout without sticky callers. */
    public Rollout(RolloutStrategy strategy, List<Integer> steps, Duration analysisWindow) {
        this(strategy, steps, analysisWindow, Optional.empty());
    }

    /** A rolling replacement. */
    public static Rollout rolling() {
        return new Rollout(RolloutStrategy.ROLLING, List.of(), DEFAULT_ANALYSIS_WINDOW);
    }
}
