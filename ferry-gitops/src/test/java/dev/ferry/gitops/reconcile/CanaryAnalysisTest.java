package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.gitops.reconcile.CanaryAnalysis.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CanaryAnalysisTest {
    static final List<Double> BOUNDS = List.of(1.0, 2.0, 4.0, Double.POSITIVE_INFINITY);
    static final VersionKey V = new VersionKey("m", 1);
    final CanaryAnalysis analysis = new CanaryAnalysis(AnalysisCriteria.defaults());

    static Window window(long requests, long errors, long... counts) {
        List<Long> c = new ArrayList<>();
        for (long x : counts) {
            c.add(x);
        }
        return new Window(requests, errors, BOUNDS, c);
    }

    @Test
    void aWindowIsTheDifferenceOfTwoSnapshotsAndACounterResetStartsFromZero() {
        PredictorStats before =
                new PredictorStats("main", V, 10, 1, BOUNDS, List.of(5L, 5L, 0L, 0L), 0, 0);
        PredictorStats after =
                new PredictorStats("main", V, 30, 2, BOUNDS, List.of(10L, 15L, 5L, 0L), 0, 0);
        assertThat(Window.between(before, after)).isEqualTo(window(20, 1, 5, 10, 5, 0));
        PredictorStats restarted =
                new PredictorStats("main", V, 4, 0, BOUNDS, List.of(4L, 0L, 0L, 0L), 0, 0);
        assertThat(Window.between(before, restarted)).isEqualTo(window(4, 0, 4, 0, 0, 0));
        assertThat(Window.between(null, after).requests()).isEqualTo(30);
    }

    @Test
    void quantilesInterpolateInsideTheirBucketAndStopAtTheUnboundedOne() {
        Window w = window(100, 0, 50, 50, 0, 0);
        assertThat(w.quantileMillis(0.5)).isCloseTo(1.0, within(1e-9));
        assertThat(w.quantileMillis(0.75)).isCloseTo(1.5, within(1e-9));
        assertThat(window(10, 0, 0, 0, 0, 10).quantileMillis(0.99)).isEqualTo(4.0);
        assertThat(Window.empty().quantileMillis(0.99)).isZero();
    }

    @Test
    void aCanaryIsJudgedOnlyWithEnoughRequestsThenOnErrorsAndLatency() {
        Window stable = window(1000, 5, 1000, 0, 0, 0);
        assertThat(analysis.judge(stable, window(19, 19, 19, 0, 0, 0)).outcome())
                .isEqualTo(Outcome.WAIT);
        assertThat(analysis.judge(stable, window(100, 1, 100, 0, 0, 0)).outcome())
                .isEqualTo(Outcome.PASS);
        CanaryAnalysis.Verdict errors = analysis.judge(stable, window(100, 5, 100, 0, 0, 0));
        assertThat(errors.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(errors.reason()).contains("error rate 5%").contains("above 1.5%");
        CanaryAnalysis slow =
                new CanaryAnalysis(new AnalysisCriteria(20, 0.01, 0.99, 2.0, Duration.ofMillis(1)));
        CanaryAnalysis.Verdict latency = slow.judge(stable, window(100, 0, 0, 0, 0, 100));
        assertThat(latency.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(latency.reason()).contains("p99 latency 4 ms");
        assertThat(latency.evidence()).containsKeys("canaryLatencyp99Ms", "stableLatencyp99Ms");
    }

    @Test
    void latencyIsNotJudgedBeforeAWindowHasATailForItsQuantile() {
        Window stable = window(1000, 0, 1000, 0, 0, 0);
        CanaryAnalysis slow =
                new CanaryAnalysis(new AnalysisCriteria(20, 0.01, 0.99, 2.0, Duration.ofMillis(1)));
        CanaryAnalysis.Verdict fewSlow = slow.judge(stable, window(99, 0, 0, 0, 0, 99));
        assertThat(fewSlow.outcome()).isEqualTo(Outcome.PASS);
        assertThat(fewSlow.evidence()).containsEntry("latencyJudgedFrom", 100L);
        assertThat(slow.judge(stable, window(100, 0, 0, 0, 0, 100)).outcome())
                .isEqualTo(Outcome.FAIL);
    }

    @Test
    void theLatencySampleFollowsTheConfiguredQuantile() {
        assertThat(CanaryAnalysis.latencySample(0.99)).isEqualTo(100);
        assertThat(CanaryAnalysis.latencySample(0.95)).isEqualTo(20);
        assertThat(CanaryAnalysis.latencySample(0.9)).isEqualTo(10);
        assertThat(CanaryAnalysis.latencySample(0.999)).isEqualTo(1000);
        assertThat(CanaryAnalysis.latencySample(0.5)).isEqualTo(2);

        Window stable = window(1000, 0, 1000, 0, 0, 0);
        Window slowCanary = window(30, 0, 0, 0, 0, 30);
        AnalysisCriteria p95 = new AnalysisCriteria(20, 0.01, 0.95, 2.0, Duration.ofMillis(1));
        CanaryAnalysis.Verdict judged = new CanaryAnalysis(p95).judge(stable, slowCanary);
        assertThat(judged.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(judged.reason()).startsWith("canary p95 latency 4 ms is above");
        assertThat(judged.evidence())
                .containsEntry("latencyJudgedFrom", 20L)
                .containsKey("canaryLatencyp95Ms");
        // The same 30 requests are too few for a p99: only errors decide.
        assertThat(
                        new CanaryAnalysis(p95.overriddenBy(quantile(0.99)))
                                .judge(stable, slowCanary)
                                .outcome())
                .isEqualTo(Outcome.PASS);
    }

    @Test
    void quantilesAreNamedWithoutFloatingPointNoise() {
        assertThat(CanaryAnalysis.quantileName(0.99)).isEqualTo("p99");
        assertThat(CanaryAnalysis.quantileName(0.9)).isEqualTo("p90");
        assertThat(CanaryAnalysis.quantileName(0.999)).isEqualTo("p99.9");
        assertThat(CanaryAnalysis.quantileName(0.5)).isEqualTo("p50");
    }

    @Test
    void aDeploymentsThresholdsOverrideTheReconcilersOneByOne() {
        AnalysisCriteria server = AnalysisCriteria.defaults().withMinRequests(100);

        assertThat(server.overriddenBy(AnalysisThresholds.none())).isEqualTo(server);
        AnalysisCriteria own =
                server.overriddenBy(
                        new AnalysisThresholds(
                                OptionalLong.of(500),
                                OptionalDouble.empty(),
                                OptionalDouble.of(1.5),
                                Optional.empty(),
                                OptionalDouble.empty()));
        assertThat(own)
                .isEqualTo(new AnalysisCriteria(500, 0.01, 0.99, 1.5, Duration.ofMillis(50)));
        assertThat(server.overriddenBy(quantile(0.95)).minRequests()).isEqualTo(100);
    }

    @Test
    void aStricterErrorThresholdFailsWhatTheDefaultPasses() {
        Window stable = window(1000, 10, 1000, 0, 0, 0);
        Window canary = window(200, 3, 200, 0, 0, 0);
        assertThat(analysis.judge(stable, canary).outcome()).isEqualTo(Outcome.PASS);
        AnalysisCriteria strict =
                AnalysisCriteria.defaults()
                        .overriddenBy(
                                new AnalysisThresholds(
                                        OptionalLong.empty(),
                                        OptionalDouble.of(0.001),
                                        OptionalDouble.empty(),
                                        Optional.empty(),
                                        OptionalDouble.empty()));
        CanaryAnalysis.Verdict verdict = new CanaryAnalysis(strict).judge(stable, canary);
        assertThat(verdict.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(verdict.reason()).contains("error rate 1.5% is above 1.1%");
        assertThat(verdict.evidence()).containsEntry("maxErrorRateIncrease", 0.001);
    }

    static AnalysisThresholds quantile(double q) {
        return new AnalysisThresholds(
                OptionalLong.empty(),
                OptionalDouble.empty(),
                OptionalDouble.empty(),
                Optional.empty(),
                OptionalDouble.of(q));
    }

    @Test
    void aCanaryNoWorseThanStableAlwaysPasses() {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            long n = 20 + random.nextInt(5000);
            long[] counts = new long[4];
            for (long k = 0; k < n; k++) {
                counts[random.nextInt(3)]++;
            }
            long errors = random.nextInt((int) (n / 10) + 1);
            Window w = window(n, errors, counts);
            assertThat(analysis.judge(w, w).outcome())
                    .as("seed 42 case %d", i)
                    .isEqualTo(Outcome.PASS);
        }
    }

    @Test
    void theLoopBacksOffExponentiallyUpToFiveMinutes() {
        Duration ten = Duration.ofSeconds(10);
        assertThat(ReconcileLoop.backoff(ten, 1)).isEqualTo(ten);
        assertThat(ReconcileLoop.backoff(ten, 3)).isEqualTo(Duration.ofSeconds(40));
        assertThat(ReconcileLoop.backoff(ten, 30)).isEqualTo(Duration.ofMinutes(5));
    }
}
