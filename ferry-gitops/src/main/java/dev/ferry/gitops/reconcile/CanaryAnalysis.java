package dev.ferry.gitops.reconcile;

import java.util.LinkedHashMap;
import java.util.Map;

/** Judges one canary step's window against the stable predictors' over the same window. */
public final class CanaryAnalysis {

    /** What the window says. */
    public enum Outcome {
        /** Not enough canary requests yet: keep observing. */
        WAIT,
        /** The canary did as well as stable: go to the next step. */
        PASS,
        /** The canary did worse: route everything back to stable. */
        FAIL
    }

    /**
     * A verdict with the numbers it rests on.
     *
     * @param outcome wait, pass or fail
     * @param reason one line for people
     * @param evidence requests, error rates and quantiles of both sides
     */
    public record Verdict(Outcome outcome, String reason, Map<String, Object> evidence) {}

    private final AnalysisCriteria criteria;

    public CanaryAnalysis(AnalysisCriteria criteria) {
        this.criteria = criteria;
    }

    public Verdict judge(Window stable, Window canary) {
        double q = criteria.latencyQuantile();
        String quantile = quantileName(q);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("canaryRequests", canary.requests());
        evidence.put("canaryErrors", canary.errors());
        evidence.put("canaryErrorRate", round(canary.errorRate()));
        evidence.put("canaryLatency" + quantile + "Ms", round(canary.quantileMillis(q)));
        evidence.put("stableRequests", stable.requests());
        evidence.put("stableErrors", stable.errors());
        evidence.put("stableErrorRate", round(stable.errorRate()));
        evidence.put("stableLatency" + quantile + "Ms", round(stable.quantileMillis(q)));
        evidence.put("minRequests", criteria.minRequests());
        evidence.put("maxErrorRateIncrease", criteria.maxErrorRateIncrease());
        evidence.put("maxLatencyRatio", criteria.maxLatencyRatio());
        evidence.put("maxLatencyIncreaseMs", round(criteria.latencySlack().toNanos() / 1e6));
        long tail = latencySample(q);
        evidence.put("latencyJudgedFrom", tail);
        if (canary.requests() < criteria.minRequests()) {
            return new Verdict(
                    Outcome.WAIT,
                    "waiting for traffic: "
                            + canary.requests()
                            + " of "
                            + criteria.minRequests()
                            + " canary requests",
                    evidence);
        }
        boolean baseline = stable.requests() >= criteria.minRequests();
        double allowedErrors =
                (baseline ? stable.errorRate() : 0) + criteria.maxErrorRateIncrease();
        if (canary.errorRate() > allowedErrors) {
            return new Verdict(
                    Outcome.FAIL,
                    "canary error rate "
                            + percent(canary.errorRate())
                            + " is above "
                            + percent(allowedErrors)
                            + " (stable "
                            + (baseline ? percent(stable.errorRate()) : "without enough requests")
                            + ")",
                    evidence);
        }
        // A quantile is only a measurement once a window holds enough requests to have a tail:
        // p99 of 20 requests is their maximum, and one slow request on a busy host would abort a
        // healthy canary. Below that the latency is reported but not judged.
        if (baseline && canary.requests() >= tail && stable.requests() >= tail) {
            double stableMs = stable.quantileMillis(q);
            double allowedMs =
                    Math.max(
                            stableMs * criteria.maxLatencyRatio(),
                            stableMs + criteria.latencySlack().toNanos() / 1e6);
            double canaryMs = canary.quantileMillis(q);
            if (canaryMs > allowedMs) {
                return new Verdict(
                        Outcome.FAIL,
                        "canary "
                                + quantile
                                + " latency "
                                + trim(round(canaryMs))
                                + " ms is above "
                                + trim(round(allowedMs))
                                + " ms (stable "
                                + trim(round(stableMs))
                                + " ms)",
                        evidence);
            }
        }
        return new Verdict(
                Outcome.PASS,
                "canary error rate "
                        + percent(canary.errorRate())
                        + " and "
                        + quantile
                        + " latency "
                        + trim(round(canary.quantileMillis(q)))
                        + " ms over "
                        + canary.requests()
                        + " requests are within bounds",
                evidence);
    }

    /** The requests a window needs before its {@code q} quantile is judged: 100 for p99. */
    static long latencySample(double q) {
        return Math.max(1, Math.round(1 / (1 - q)));
    }

    /**
     * {@code p99} for 0.99, {@code p99.9} for 0.999, {@code p90} for 0.9 (not 90.00000000000001).
     */
    static String quantileName(double q) {
        return "p"
                + java.math.BigDecimal.valueOf(q)
                        .movePointRight(2)
                        .stripTrailingZeros()
                        .toPlainString();
    }

    static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }

    static String percent(double rate) {
        return trim(Math.round(rate * 10_000) / 100.0) + "%";
    }

    static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
