package dev.ferry.gitops.reconcile;

import dev.ferry.api.deployment.ErrorRateRule;
import dev.ferry.api.deployment.LatencyRule;
import dev.ferry.api.deployment.PolicyAction;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.ReleasePolicy;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates a deployment's release policy from snapshots of its predictors' statistics: a rule
 * fires when, over the last {@code for} duration, enough requests arrived and the error rate (or
 * latency quantile) of all its predictors together is above the threshold. After a decision the
 * history starts again, so one bad stretch causes one decision.
 */
public final class PolicyMonitor {

    /**
     * A rule that fired, with the numbers it rests on.
     *
     * @param rule {@code onErrorRate} or {@code onLatency}
     * @param action what the rule says to do
     * @param reason one line for people
     * @param evidence the window, requests, errors, rates and quantiles
     */
    public record Decision(
            String rule, PolicyAction action, String reason, Map<String, Object> evidence) {}

    private record Snapshot(Instant at, Map<String, PredictorStats> stats) {}

    private final long minRequests;
    private final Map<String, Deque<Snapshot>> history = new HashMap<>();

    public PolicyMonitor(long minRequests) {
        this.minRequests = minRequests;
    }

    /** Records a snapshot and returns the first rule that fires, if any. */
    public Optional<Decision> observe(
            String deployment, ReleasePolicy policy, List<PredictorStats> stats, Instant now) {
        if (!policy.hasRules()) {
            history.remove(deployment);
            return Optional.empty();
        }
        Deque<Snapshot> snapshots = history.computeIfAbsent(deployment, d -> new ArrayDeque<>());
        Map<String, PredictorStats> current = new LinkedHashMap<>();
        stats.stream()
                .filter(s -> !s.predictor().equals(PredictorStats.SHADOW))
                .forEach(s -> current.put(s.predictor(), s));
        snapshots.addLast(new Snapshot(now, current));
        Duration longest = Duration.ZERO;
        for (Duration d :
                List.of(
                        policy.onErrorRate().map(ErrorRateRule::sustained).orElse(Duration.ZERO),
                        policy.onLatency().map(LatencyRule::sustained).orElse(Duration.ZERO))) {
            longest = d.compareTo(longest) > 0 ? d : longest;
        }
        // Keep one snapshot at or before the longest window's start, drop older ones.
        while (snapshots.size() > 2) {
            Snapshot second = snapshots.stream().skip(1).findFirst().orElseThrow();
            if (!second.at().isAfter(now.minus(longest))) {
                snapshots.removeFirst();
            } else {
                break;
            }
        }
        Optional<Decision> decision =
                policy.onErrorRate()
                        .flatMap(r -> errorRate(r, snapshots, current, now))
                        .or(
                                () ->
                                        policy.onLatency()
                                                .flatMap(r -> latency(r, snapshots, current, now)));
        decision.ifPresent(d -> reset(deployment));
        return decision;
    }

    /** Forgets a deployment's history, e.g. after a new release. */
    public void reset(String deployment) {
        history.remove(deployment);
    }

    private Optional<Window> window(
            Deque<Snapshot> snapshots,
            Map<String, PredictorStats> current,
            Duration sustained,
            Instant now) {
        Snapshot start = null;
        for (Snapshot s : snapshots) {
            if (!s.at().isAfter(now.minus(sustained))) {
                start = s;
            }
        }
        if (start == null) {
            return Optional.empty();
        }
        Window total = Window.empty();
        for (Window w : Window.between(start.stats(), current).values()) {
            total = total.plus(w);
        }
        return total.requests() < minRequests ? Optional.empty() : Optional.of(total);
    }

    private Optional<Decision> errorRate(
            ErrorRateRule rule,
            Deque<Snapshot> snapshots,
            Map<String, PredictorStats> current,
            Instant now) {
        return window(snapshots, current, rule.sustained(), now)
                .filter(w -> w.errorRate() > rule.above())
                .map(
                        w -> {
                            Map<String, Object> evidence = evidence(rule.sustained(), w);
                            evidence.put("errorRate", CanaryAnalysis.round(w.errorRate()));
                            evidence.put("threshold", rule.above());
                            return new Decision(
                                    "onErrorRate",
                                    rule.action(),
                                    "error rate "
                                            + CanaryAnalysis.percent(w.errorRate())
                                            + " over "
                                            + w.requests()
                                            + " requests in the last "
                                            + dev.ferry.core.manifest.Durations.format(
                                                    rule.sustained())
                                            + " is above "
                                            + CanaryAnalysis.percent(rule.above()),
                                    evidence);
                        });
    }

    private Optional<Decision> latency(
            LatencyRule rule,
            Deque<Snapshot> snapshots,
            Map<String, PredictorStats> current,
            Instant now) {
        double limitMs = rule.above().toNanos() / 1e6;
        return window(snapshots, current, rule.sustained(), now)
                .filter(w -> w.quantileMillis(rule.quantile()) > limitMs)
                .map(
                        w -> {
                            double ms = CanaryAnalysis.round(w.quantileMillis(rule.quantile()));
                            String q = CanaryAnalysis.quantileName(rule.quantile());
                            Map<String, Object> evidence = evidence(rule.sustained(), w);
                            evidence.put("quantile", rule.quantile());
                            evidence.put("latencyMs", ms);
                            evidence.put("thresholdMs", limitMs);
                            return new Decision(
                                    "onLatency",
                                    rule.action(),
                                    q
                                            + " latency "
                                            + CanaryAnalysis.trim(ms)
                                            + " ms over "
                                            + w.requests()
                                            + " requests is above "
                                            + CanaryAnalysis.trim(limitMs)
                                            + " ms",
                                    evidence);
                        });
    }

    private static Map<String, Object> evidence(Duration window, Window w) {
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("window", dev.ferry.core.manifest.Durations.format(window));
        evidence.put("requests", w.requests());
        evidence.put("errors", w.errors());
        return evidence;
    }
}
