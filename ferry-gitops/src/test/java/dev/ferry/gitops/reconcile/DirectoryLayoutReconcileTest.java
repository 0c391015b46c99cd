package dev.ferry.gitops.reconcile;

import static dev.ferry.gitops.reconcile.GitOpsFixture.only;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.VersionKey;
import dev.ferry.api.rollout.RolloutRecord;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Reconcilers on a repository with one directory per environment on branch main: each reads only
 * its own directory, so what is staged never serves in production.
 */
class DirectoryLayoutReconcileTest {
    static final GitOpsLayout.Directories LAYOUT = GitOpsLayout.Directories.standard("main");
    static final String STAGING = LAYOUT.staging().manifestPath("mnist");
    static final String PRODUCTION = LAYOUT.production().manifestPath("mnist");

    @TempDir Path tmp;
    GitOpsFixture f;
    final InMemoryServingTarget staging = new InMemoryServingTarget();
    final InMemoryServingTarget production = new InMemoryServingTarget();
    Reconciler stagingReconciler;
    Reconciler productionReconciler;

    @BeforeEach
    void open() {
        f = new GitOpsFixture(tmp, LAYOUT).models("mnist", 2).models("other", 1);
        stagingReconciler = f.reconciler(Optional.empty(), staging, LAYOUT.staging());
        productionReconciler = f.reconciler(Optional.empty(), production, LAYOUT.production());
    }

    @AfterEach
    void close() {
        f.close();
    }

    private static String manifest(String name, String model) {
        return """
        apiVersion: ferry.dev/v1
        kind: ModelDeployment
        metadata:
          name: %s
        spec:
          predictors:
        %s\
        """
                .formatted(name, only(model).indent(4));
    }

    @Test
    void eachReconcilerServesTheManifestsOfItsOwnDirectory() throws Exception {
        f.commit(
                "Production mnist@1, staging mnist@2",
                Map.of(
                        PRODUCTION, manifest("mnist", "mnist@1"),
                        STAGING, manifest("mnist", "mnist@2")));

        productionReconciler.reconcile();
        stagingReconciler.reconcile();

        assertThat(production.routing("mnist").routes().getFirst().version())
                .isEqualTo(new VersionKey("mnist", 1));
        assertThat(staging.routing("mnist").routes().getFirst().version())
                .isEqualTo(new VersionKey("mnist", 2));
    }

    @Test
    void aDeploymentOnlyStagedNeverServesInProductionAndABrokenStagedFileDoesNotRefuseIt()
            throws Exception {
        f.commit("Production mnist@1", Map.of(PRODUCTION, manifest("mnist", "mnist@1")));
        Map<String, String> staged = new LinkedHashMap<>();
        staged.put(LAYOUT.staging().manifestPath("other"), manifest("other", "other@1"));
        staged.put(STAGING, "apiVersion: ferry.dev/v1\nkind: ModelDeployment\nspec: [\n");
        f.commit("Stage other, break mnist in staging", staged);

        Reconciler.Pass prod = productionReconciler.reconcile();
        Reconciler.Pass stage = stagingReconciler.reconcile();

        assertThat(prod.refused()).isFalse();
        assertThat(production.actual().deployments()).containsOnlyKeys("mnist");
        assertThat(stage.refused()).isTrue();
        assertThat(f.lines).anyMatch(l -> l.contains("environments/staging/mnist.yaml"));
    }

    @Test
    void aDeploymentWhoseFileLeavesTheProductionDirectoryIsPrunedWithThatPath() throws Exception {
        f.commit("Production mnist@1", Map.of(PRODUCTION, manifest("mnist", "mnist@1")));
        productionReconciler.reconcile();
        Map<String, String> removed = new LinkedHashMap<>();
        removed.put(PRODUCTION, null);
        f.commit("Retire mnist", removed);
        f.clock.advance(Duration.ofSeconds(2));

        productionReconciler.reconcile();

        assertThat(production.actual().deployments()).isEmpty();
        assertThat(f.store.history("mnist", 10))
                .extracting(RolloutRecord::message)
                .contains("removed from serving: environments/production/mnist.yaml left Git");
    }
}
