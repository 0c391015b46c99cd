package dev.ferry.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelNotFoundException;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.gitops.desired.DesiredState;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.eclipse.jgit.lib.PersonIdent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Promotion and rollback against a real bare repository and a real SQLite registry. */
class PromotionTest {
    @TempDir Path tmp;

    private JdbcMetadataStore store;
    private JdbcModelRegistry registry;
    private DesiredStateRepository repo;
    private final ManifestLoader loader = ManifestLoader.standard();
    private Promoter promoter;

    @BeforeEach
    void open() {
        store = MetadataStores.open("jdbc:sqlite:" + tmp.resolve("ferry.db"));
        registry = new JdbcModelRegistry(store.jdbi(), Clock.systemUTC());
        repo =
                DesiredStateRepository.open(
                        tmp.resolve("gitops.git"), new PersonIdent("Ferry", "ferry@localhost"));
        new GitOpsInit(repo, GitOpsLayout.standard()).run();
        promoter = new Promoter(repo, GitOpsLayout.standard(), registry, loader);
        register("run-1", 0.91);
        register("run-2", 0.95);
        registry.setAlias("mnist", "champion", 1);
    }

    @AfterEach
    void close() {
        repo.close();
        store.close();
    }

    private void register(String run, double accuracy) {
        registry.register(
                new ModelRegistration(
                        "mnist",
                        List.of(
                                new ModelArtifact(
                                        "model", new Digest("a".repeat(64)), ModelArtifact.ONNX)),
                        new ModelSignature(
                                List.of(new TensorSpec("input", DataType.FP32, List.of(-1L, 784L))),
                                List.of(
                                        new TensorSpec(
                                                "probabilities",
                                                DataType.FP32,
                                                List.of(-1L, 10L)))),
                        Map.of("accuracy", accuracy, "f1_macro", accuracy - 0.01),
                        Optional.empty(),
                        new ModelLineage(run, "train", Map.of(), Map.of(), Optional.empty()),
                        ""));
    }

    private Promoter.Promotion promote(String ref, RolloutStrategy strategy, OptionalInt weight) {
        return promoter.promote(
                new PromotionRequest("mnist", ModelRef.parse(ref), strategy, weight));
    }

    private ModelDeployment staging() {
        DesiredState state = new DesiredStateReader(repo, loader).atBranch("staging");
        return ((DesiredState.Accepted) state).find("mnist").orElseThrow();
    }

    @Test
    void aPromotionPinsTheResolvedVersionInOneCommitWithTrailers() {
        Promoter.Promotion p =
                promote("mnist@champion", RolloutStrategy.ROLLING, OptionalInt.empty());

        CommitInfo commit = p.commit();
        assertThat(commit.subject()).isEqualTo("Promote mnist@1 to mnist (rolling)");
        assertThat(commit.trailers())
                .containsEntry("Ferry-Deployment", "mnist")
                .containsEntry("Ferry-Action", "promote")
                .containsEntry("Ferry-Model", "mnist@1")
                .containsEntry("Ferry-Requested", "mnist@champion")
                .containsEntry("Ferry-Strategy", "rolling")
                .containsEntry("Ferry-Run", "run-1")
                .containsEntry("Ferry-Metric-accuracy", "0.91")
                .containsEntry("Ferry-Metric-f1-macro", String.valueOf(0.91 - 0.01));
        assertThat(repo.log("staging", 10)).hasSize(2);
        assertThat(repo.log("main", 10)).hasSize(1);
        assertThat(staging().predictors())
                .containsExactly(new Predictor("main", ModelRef.parse("mnist@1"), 100));
    }

    @Test
    void aCanaryKeepsTheStableVersionAndStartsAtItsWeight() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        Promoter.Promotion p = promote("mnist@latest", RolloutStrategy.CANARY, OptionalInt.of(10));

        assertThat(p.commit().subject()).isEqualTo("Promote mnist@2 to mnist (canary, 10%)");
        assertThat(p.commit().trailers())
                .containsEntry("Ferry-Weight", "10")
                .containsEntry("Ferry-Run", "run-2");
        ModelDeployment d = staging();
        assertThat(d.predictors())
                .containsExactly(
                        new Predictor("main", ModelRef.parse("mnist@1"), 90),
                        new Predictor("canary", ModelRef.parse("mnist@2"), 10));
        assertThat(d.rollout().strategy()).isEqualTo(RolloutStrategy.CANARY);
        assertThat(d.rollout().steps()).containsExactly(10, 50, 100);
    }

    @Test
    void aShadowMirrorsTheNewVersionBesideTheServingOne() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        promote("mnist@2", RolloutStrategy.SHADOW, OptionalInt.empty());
        ModelDeployment d = staging();
        assertThat(d.predictors())
                .extracting(Predictor::model)
                .containsExactly(ModelRef.parse("mnist@1"));
        assertThat(d.shadow().orElseThrow().model()).isEqualTo(ModelRef.parse("mnist@2"));
    }

    @Test
    void refusesACanaryWhenNothingServesYet() {
        assertThatThrownBy(() -> promote("mnist@2", RolloutStrategy.CANARY, OptionalInt.empty()))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("promote with --strategy rolling first");
        assertThat(repo.log("staging", 10)).hasSize(1);
    }

    @Test
    void refusesAnUnknownModelAndWritesNothing() {
        assertThatThrownBy(() -> promote("mnist@7", RolloutStrategy.ROLLING, OptionalInt.empty()))
                .isInstanceOf(ModelNotFoundException.class);
        assertThat(repo.log("staging", 10)).hasSize(1);
    }

    @Test
    void refusesAWeightOutsideOneToNinetyNine() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        assertThatThrownBy(() -> promote("mnist@2", RolloutStrategy.CANARY, OptionalInt.of(100)))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("between 1 and 99");
    }

    @Test
    void promotingWhatIsAlreadyDeclaredIsRefused() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        assertThatThrownBy(
                        () ->
                                promote(
                                        "mnist@champion",
                                        RolloutStrategy.ROLLING,
                                        OptionalInt.empty()))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("nothing to promote");
    }

    @Test
    void rollbackRevertsTheLastPromotionAndThenTheOneBefore() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        Promoter.Promotion canary = promote("mnist@2", RolloutStrategy.CANARY, OptionalInt.of(10));
        Rollback rollback = new Rollback(repo);

        Rollback.Result first = rollback.rollback("mnist", "staging");
        assertThat(first.reverted().id()).isEqualTo(canary.commit().id());
        assertThat(first.commit().trailers())
                .containsEntry("Ferry-Action", "rollback")
                .containsEntry("Ferry-Reverts", canary.commit().id());
        assertThat(staging().predictors())
                .containsExactly(new Predictor("main", ModelRef.parse("mnist@1"), 100));

        rollback.rollback("mnist", "staging");
        assertThat(new DesiredStateReader(repo, loader).atBranch("staging"))
                .isInstanceOfSatisfying(
                        DesiredState.Accepted.class, s -> assertThat(s.deployments()).isEmpty());
        assertThatThrownBy(() -> rollback.rollback("mnist", "staging"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("no promotion of deployment mnist");
    }

    @Test
    void aReleaseMarkedNotRollbackableIsRefusedByRollbackWithAClearMessage() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        promoter.promote(
                new PromotionRequest(
                        "mnist",
                        ModelRef.parse("mnist@2"),
                        RolloutStrategy.ROLLING,
                        OptionalInt.empty(),
                        false));
        assertThat(staging().policy().rollbackable()).isFalse();

        assertThatThrownBy(() -> new Rollback(repo, loader).rollback("mnist", "staging"))
                .isInstanceOf(NotRollbackableException.class)
                .hasMessageContaining("is marked not rollback-able")
                .hasMessageContaining("spec.policy.rollbackable: false");

        // The next release may be rolled back again, back to the one that may not.
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        assertThat(staging().policy().rollbackable()).isTrue();
        new Rollback(repo, loader).rollback("mnist", "staging");
        assertThat(staging().predictors())
                .containsExactly(new Predictor("main", ModelRef.parse("mnist@2"), 100));
    }

    /** A hand edit on staging: {@code lines} appended to mnist's manifest. */
    private void appendToStagedManifest(String lines, String message) {
        CommitInfo head = repo.head("staging").orElseThrow();
        String edited =
                DesiredStateRepository.text(
                                repo.read(head.id(), "deployments/mnist.yaml").orElseThrow())
                        + lines;
        repo.commit(
                "staging",
                Optional.of(head.id()),
                List.of(
                        FileChange.write(
                                "deployments/mnist.yaml", edited.getBytes(StandardCharsets.UTF_8))),
                message);
    }

    @Test
    void rollbackRefusesToDropAHandEditMadeAfterThePromotion() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        appendToStagedManifest("  replicas: 3\n", "Scale mnist\n");
        assertThatThrownBy(() -> new Rollback(repo).rollback("mnist", "staging"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("changed on staging after promotion");
    }

    @Test
    void analysisThresholdsWrittenByHandSurviveTheNextPromotions() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        appendToStagedManifest(
                "    analysis:\n      minRequests: 500\n      maxLatencyIncrease: 10ms\n",
                "Stricter canary analysis for mnist\n");
        AnalysisThresholds written = staging().rollout().analysis();
        assertThat(written.minRequests()).hasValue(500);

        promote("mnist@2", RolloutStrategy.CANARY, OptionalInt.of(10));
        assertThat(staging().rollout().analysis()).isEqualTo(written);
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        assertThat(staging().rollout().analysis()).isEqualTo(written);
    }

    @Test
    void aMalformedManifestCommitIsRefusedWithItsLineAndColumn() {
        promote("mnist@1", RolloutStrategy.ROLLING, OptionalInt.empty());
        CommitInfo head = repo.head("staging").orElseThrow();
        CommitInfo bad =
                repo.commit(
                        "staging",
                        Optional.of(head.id()),
                        List.of(
                                FileChange.write(
                                        "deployments/other.yaml",
                                        """
                                        apiVersion: ferry.dev/v1
                                        kind: ModelDeployment
                                        metadata:
                                          name: other
                                        spec:
                                          predictors:
                                            - {name: a, model: mnist@1, weight: 60}
                                        """
                                                .getBytes(StandardCharsets.UTF_8))),
                        "Add other\n");
        DesiredState state = new DesiredStateReader(repo, loader).atBranch("staging");
        assertThat(state).isInstanceOf(DesiredState.Refused.class);
        DesiredState.Refused refused = (DesiredState.Refused) state;
        assertThat(refused.commit().id()).isEqualTo(bad.id());
        assertThat(refused.status())
                .startsWith("refused commit " + bad.shortId() + " (Add other): 1 problem")
                .contains("deployments/other.yaml:7:5: error: predictor weights add up to 60");
        assertThat(new DesiredStateReader(repo, loader).at(head, GitOpsLayout.standard().staging()))
                .isInstanceOf(DesiredState.Accepted.class);
    }

    @Test
    void aManifestWhoseNameDiffersFromItsFileIsRefused() {
        CommitInfo head = repo.head("staging").orElseThrow();
        repo.commit(
                "staging",
                Optional.of(head.id()),
                List.of(
                        FileChange.write(
                                "deployments/a.yaml",
                                """
                                apiVersion: ferry.dev/v1
                                kind: ModelDeployment
                                metadata:
                                  name: b
                                spec:
                                  predictors:
                                    - {name: a, model: mnist@1, weight: 100}
                                """
                                        .getBytes(StandardCharsets.UTF_8))),
                "Misnamed\n");
        DesiredState state = new DesiredStateReader(repo, loader).atBranch("staging");
        assertThat(((DesiredState.Refused) state).problems().getFirst().message())
                .contains("name the file deployments/b.yaml");
    }
}
