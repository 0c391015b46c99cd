package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.Route;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.VersionKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class StateDiffTest {
    private static final VersionKey V1 = new VersionKey("mnist", 1);
    private static final VersionKey V2 = new VersionKey("mnist", 2);
    private static final VersionKey V3 = new VersionKey("mnist", 3);

    private static Routing only(VersionKey v) {
        return new Routing(List.of(new Route("main", v, 100)), Optional.empty());
    }

    @Test
    void aNewDeploymentLoadsItsVersionBeforeRoutingToIt() {
        assertThat(StateDiff.between(Map.of("mnist", only(V1)), ActualState.empty()))
                .containsExactly(
                        new Action.LoadVersion(V1), new Action.SetRouting("mnist", only(V1)));
    }

    @Test
    void aCanaryLoadsTheNewVersionSetsWeightsAndKeepsTheStableLoaded() {
        ActualState actual = new ActualState(Map.of("mnist", only(V1)), Set.of(V1));
        Routing canary =
                new Routing(
                        List.of(new Route("main", V1, 90), new Route("canary", V2, 10)),
                        Optional.empty());
        assertThat(StateDiff.between(Map.of("mnist", canary), actual))
                .containsExactly(
                        new Action.LoadVersion(V2), new Action.SetRouting("mnist", canary));
    }

    @Test
    void aDeploymentThatLeftGitIsPrunedAndItsVersionsUnloadedLast() {
        ActualState actual =
                new ActualState(Map.of("mnist", only(V1), "old", only(V3)), Set.of(V1, V3));
        assertThat(StateDiff.between(Map.of("mnist", only(V1)), actual))
                .containsExactly(new Action.Prune("old"), new Action.UnloadVersion(V3));
    }

    @Test
    void aShadowVersionIsLoadedToo() {
        Routing shadowed = new Routing(List.of(new Route("main", V1, 100)), Optional.of(V2));
        ActualState actual = new ActualState(Map.of("mnist", only(V1)), Set.of(V1));
        assertThat(StateDiff.between(Map.of("mnist", shadowed), actual))
                .containsExactly(
                        new Action.LoadVersion(V2), new Action.SetRouting("mnist", shadowed));
    }

    @Test
    void equalStatesNeedNothing() {
        ActualState actual = new ActualState(Map.of("mnist", only(V1)), Set.of(V1));
        assertThat(StateDiff.between(Map.of("mnist", only(V1)), actual)).isEmpty();
    }

    @Test
    void applyingTheDiffConvergesAndEveryRouteOnlyEverPointsAtLoadedVersions() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int round = 0; round < 500; round++) {
            Map<String, Routing> desired = randomDeployments(random);
            ActualState actual = new ActualState(randomDeployments(random), randomVersions(random));
            List<Action> actions = StateDiff.between(desired, actual);
            ActualState state = actual;
            for (Action action : actions) {
                state = StateDiff.apply(state, List.of(action));
                if (action instanceof Action.SetRouting set) {
                    Set<VersionKey> loaded = state.loaded();
                    assertThat(set.routing().versions())
                            .as("seed %d: %s routes only to loaded versions", seed, set)
                            .allMatch(loaded::contains);
                }
            }
            Set<VersionKey> needed = new HashSet<>();
            desired.values().forEach(r -> r.versions().forEach(needed::add));
            assertThat(state.deployments()).as("seed %d", seed).isEqualTo(desired);
            assertThat(state.loaded()).as("seed %d", seed).isEqualTo(needed);
            assertThat(StateDiff.between(desired, state)).as("seed %d", seed).isEmpty();
        }
    }

    private static Map<String, Routing> randomDeployments(Random random) {
        Map<String, Routing> out = new HashMap<>();
        int n = random.nextInt(4);
        for (int i = 0; i < n; i++) {
            List<Route> routes = new ArrayList<>();
            int w = random.nextInt(101);
            routes.add(new Route("a", randomVersion(random), w));
            if (w < 100) {
                routes.add(new Route("b", randomVersion(random), 100 - w));
            }
            Optional<VersionKey> shadow =
                    random.nextBoolean() ? Optional.of(randomVersion(random)) : Optional.empty();
            out.put("d" + random.nextInt(5), new Routing(routes, shadow));
        }
        return out;
    }

    private static Set<VersionKey> randomVersions(Random random) {
        Set<VersionKey> out = new HashSet<>();
        int n = random.nextInt(5);
        for (int i = 0; i < n; i++) {
            out.add(randomVersion(random));
        }
        return out;
    }

    private static VersionKey randomVersion(Random random) {
        return new VersionKey(random.nextBoolean() ? "mnist" : "iris", 1 + random.nextInt(4));
    }
}
