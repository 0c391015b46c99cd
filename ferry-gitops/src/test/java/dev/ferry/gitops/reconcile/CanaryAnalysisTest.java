package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.gitops.reconcile.CanaryAnalysis.Outcome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
