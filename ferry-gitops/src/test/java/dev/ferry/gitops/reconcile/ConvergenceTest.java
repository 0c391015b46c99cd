package dev.ferry.gitops.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.Routing;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Properties over seeded random histories of commits: after any commit, one pass converges (the
 * target serves exactly what Git declares) and a second pass changes nothing; a reconciler started
 * afresh against the same target changes nothing either.
 */
class ConvergenceTest {
    private static final String[] NAMES = {"a", "b", "c", "d"};

    @TempDir Path tmp;

    @Test
    void reconcilingTwiceDoesNothingMoreAndARestartChangesNothing() throws Exception {
        for (long seed = 1; seed <= 6; seed++) {
            Path dir = tmp.resolve("seed-" + seed);
            try (GitOpsFixture f = new GitOpsFixture(dir).models("m", 3)) {
                Random random = new Random(seed);
                Reconciler reconciler = f.reconciler(Optional.empty());
                Map<String, String> declared = new HashMap<>();
                for (int step = 0; step < 8; step++) {
                    Map<String, String> files = new HashMap<>();
                    for (String name : NAMES) {
                        int roll = random.nextInt(4);
                        String path = GitOpsLayout.standard().production().manifestPath(name);
                        if (roll == 0 && declared.containsKey(name)) {
                            files.put(path, null);
                            declared.remove(name);
                        } else if (roll == 1) {
                            String yaml = manifest(name, random);
                            files.put(path, yaml);
                            declared.put(name, yaml);
                        }
                    }
                    if (files.isEmpty()) {
                        continue;
                    }
                    f.commit("Change " + step, files);
                    reconciler.reconcile();
                    f.clock.advance(Duration.ofSeconds(1));
                    Map<String, Routing> served = new TreeMap<>(f.target.actual().deployments());

                    assertThat(served)
                            .as("seed %d step %d", seed, step)
                            .containsOnlyKeys(declared.keySet());
                    assertThat(f.target.actual().loaded())
                            .containsExactlyInAnyOrderElementsOf(
                                    served.values().stream()
                                            .flatMap(Routing::versions)
                                            .distinct()
                                            .toList());
                    f.target.calls.clear();
                    assertThat(reconciler.reconcile().changed()).isEmpty();
                    assertThat(f.target.calls).isEmpty();
                    assertThat(f.reconciler(Optional.empty()).reconcile().changed()).isEmpty();
                    assertThat(f.target.calls).isEmpty();
                }
            }
        }
    }

    private static String manifest(String name, Random random) {
        int v1 = 1 + random.nextInt(3);
        StringBuilder predictors = new StringBuilder();
        String strategy;
        if (random.nextBoolean()) {
            predictors
                    .append("    - name: main\n      model: m@")
                    .append(v1)
                    .append("\n      weight: 100\n");
            strategy = random.nextBoolean() ? "rolling" : "shadow";
        } else {
            int v2 = 1 + random.nextInt(3);
            int w = 1 + random.nextInt(99);
            predictors
                    .append("    - name: a\n      model: m@")
                    .append(v1)
                    .append("\n      weight: ")
                    .append(100 - w)
                    .append('\n');
            predictors
                    .append("    - name: b\n      model: m@")
                    .append(v2)
                    .append("\n      weight: ")
                    .append(w)
                    .append('\n');
            strategy = "ab";
        }
        String shadow =
                strategy.equals("shadow")
                        ? "  shadow:\n    model: m@" + (1 + random.nextInt(3)) + "\n"
                        : "";
        return "apiVersion: ferry.dev/v1\nkind: ModelDeployment\nmetadata:\n  name: "
                + name
                + "\nspec:\n  predictors:\n"
                + predictors
                + shadow
                + "  rollout:\n    strategy: "
                + strategy
                + "\n";
    }
}
