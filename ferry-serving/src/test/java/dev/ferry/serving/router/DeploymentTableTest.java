package dev.ferry.serving.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import dev.ferry.serving.inference.InferenceRequest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class DeploymentTableTest {
    private static final VersionKey A = new VersionKey("m", 1);
    private static final VersionKey B = new VersionKey("m", 2);
    private static final VersionKey C = new VersionKey("m", 3);

    private static DeploymentTable table(Routing routing) {
        return DeploymentTable.build("d", routing, Optional.empty());
    }

    private static Routing routing(int... weights) {
        VersionKey[] versions = {A, B, C};
        List<Route> routes = new java.util.ArrayList<>();
        for (int i = 0; i < weights.length; i++) {
            routes.add(new Route("p" + i, versions[i], weights[i]));
        }
        return new Routing(routes, Optional.empty());
    }

    @Test
    void weightRangesFollowManifestOrder() {
        DeploymentTable t = table(routing(70, 0, 30));
        assertThat(t.routeAt(0)).isZero();
        assertThat(t.routeAt(69)).isZero();
        assertThat(t.routeAt(70)).isEqualTo(2);
        assertThat(t.routeAt(99)).isEqualTo(2);
    }

    @Test
    void seededDrawsSplitTrafficByWeight() {
        // Seeded generator: the same points every run, so the tolerance can be tight.
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            int[] weights = {random.nextInt(1, 60), 0, 0};
            weights[1] = random.nextInt(0, 100 - weights[0]);
            weights[2] = 100 - weights[0] - weights[1];
            DeploymentTable t = table(routing(weights));
            int[] counts = new int[3];
            int n = 50_000;
            for (int i = 0; i < n; i++) {
                counts[t.routeAt(random.nextInt(100))]++;
            }
            for (int i = 0; i < 3; i++) {
                assertThat(counts[i] * 100.0 / n)
                        .as("seed %d weights %s", seed, java.util.Arrays.toString(weights))
                        .isCloseTo(weights[i], org.assertj.core.data.Offset.offset(1.0));
            }
        }
    }

    @Test
    void theLiveDrawIsCloseToTheWeights() {
        DeploymentTable t = table(routing(90, 10));
        InferenceRequest request = new InferenceRequest("", Map.of(), List.of(), List.of());
        int canary = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            canary += t.choose(request);
        }
        assertThat(canary * 100.0 / n).isBetween(9.0, 11.0);
    }

    @Test
    void aStickyKeyPinsTheCallerAndItsAbsenceDrawsByWeight() {
        Routing sticky =
                new Routing(routing(50, 50).routes(), Optional.empty(), Optional.of("user"));
        DeploymentTable t = table(sticky);
        for (int user = 0; user < 100; user++) {
            InferenceRequest r =
                    new InferenceRequest("", Map.of("user", "u" + user), List.of(), List.of());
            int first = t.choose(r);
            for (int i = 0; i < 20; i++) {
                assertThat(t.choose(r)).isEqualTo(first);
            }
        }
        InferenceRequest anonymous = new InferenceRequest("", Map.of(), List.of(), List.of());
        int seen = 0;
        for (int i = 0; i < 1000; i++) {
            seen |= 1 << t.choose(anonymous);
        }
        assertThat(seen).isEqualTo(0b11);
    }

    @Test
    void refusesRoutingsThatCannotServe() {
        assertThatThrownBy(() -> table(new Routing(List.of(), Optional.empty())))
                .hasMessage("deployment 'd' routes to no predictor");
        assertThatThrownBy(() -> table(routing(60, 30)))
                .hasMessage("deployment 'd' has weights adding up to 90; they must add up to 100");
        assertThatThrownBy(() -> table(routing(150, -50)))
                .hasMessageContaining("has weight 150; weights are 0 to 100");
        assertThatThrownBy(
                        () ->
                                table(
                                        new Routing(
                                                List.of(
                                                        new Route("x", A, 50),
                                                        new Route("x", B, 50)),
                                                Optional.empty())))
                .hasMessage("deployment 'd' names predictor 'x' twice");
        assertThatThrownBy(
                        () ->
                                table(
                                        new Routing(
                                                List.of(new Route("shadow", A, 100)),
                                                Optional.empty())))
                .hasMessageContaining("reserved for the shadow");
        assertThatThrownBy(() -> DeploymentTable.build("a/b", routing(100), Optional.empty()))
                .hasMessageContaining("without '/'");
    }

    @Test
    void countersCarryOverOnlyForTheSamePredictorAndVersion() {
        DeploymentTable first = table(routing(50, 50));
        first.counters[0].record(1_000, 200);
        first.counters[1].record(1_000, 503);
        DeploymentTable reweighted =
                DeploymentTable.build("d", routing(90, 10), Optional.of(first));
        assertThat(reweighted.stats().get(0).requests()).isEqualTo(1);
        assertThat(reweighted.stats().get(1).errors()).isEqualTo(1);
        DeploymentTable replaced =
                DeploymentTable.build(
                        "d",
                        new Routing(List.of(new Route("p0", C, 100)), Optional.empty()),
                        Optional.of(reweighted));
        assertThat(replaced.stats().getFirst().requests()).isZero();
    }

    @Test
    void latencyLandsInTheBucketItFallsUnder() {
        PredictorCounters c = new PredictorCounters();
        c.record(50_000, 200); // 50 µs
        c.record(100_000, 200); // exactly 100 µs
        c.record(700_000, 400); // 0.7 ms
        c.record(60_000_000_000L, 500); // a minute
        var s = c.snapshot("p", A);
        assertThat(s.latencyBucketsMillis().getFirst()).isEqualTo(0.1);
        assertThat(s.latencyBucketsMillis().getLast()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(s.latencyCounts().get(0)).isEqualTo(2);
        assertThat(s.latencyCounts().get(3)).isEqualTo(1);
        assertThat(s.latencyCounts().getLast()).isEqualTo(1);
        assertThat(s.requests()).isEqualTo(4);
        assertThat(s.errors()).isEqualTo(1);
    }
}
