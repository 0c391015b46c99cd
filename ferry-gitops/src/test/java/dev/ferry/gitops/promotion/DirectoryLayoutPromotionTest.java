package dev.ferry.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.Ids;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.promotion.JdbcPromotionStore;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.gitops.desired.DesiredState;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.staging.StagingGate;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Promote, request, approve and roll back on one branch with a directory per environment: the
 * staging directory is where promotions land, production changes only by an approved request.
 */
class DirectoryLayoutPromotionTest {
    static final GitOpsLayout.Directories LAYOUT = GitOpsLayout.Directories.standard("main");
    static final String STAGED = "environments/staging/plus.yaml";
    static final String SERVED = "environments/production/plus.yaml";

    @TempDir Path tmp;

    private JdbcMetadataStore metadata;
    private JdbcModelRegistry registry;
    private DesiredStateRepository repo;
    private Promoter promoter;
    private PromotionRequests requests;
    private StagingGate gate;
    private DesiredStateReader reader;

    @BeforeEach
    void open() {
        metadata = MetadataStores.open("jdbc:sqlite:" + tmp.resolve("ferry.db"));
        registry = new JdbcModelRegistry(metadata.jdbi(), Clock.systemUTC());
        repo = DesiredStateRepository.open(tmp.resolve("gitops.git"));
        new GitOpsInit(repo, LAYOUT).run();
        for (int i = 0; i < 3; i++) {
            registry.register(
                    new ModelRegistration(
                            "plus",
                            List.of(new ModelArtifact("model", new Digest("a".repeat(64)), "onnx")),
                            new ModelSignature(
                                    List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 2L))),
                                    List.of(new TensorSpec("y", DataType.FP32, List.of(-1L, 2L)))),
                            Map.of("accuracy", 0.9),
                            Optional.empty(),
                            new ModelLineage("run", "train", Map.of(), Map.of(), Optional.empty()),
                            ""));
        }
        ManifestLoader loader = ManifestLoader.standard();
        reader = new DesiredStateReader(repo, loader);
        promoter = new Promoter(repo, LAYOUT, registry, loader);
        requests =
                new PromotionRequests(
                        repo,
                        LAYOUT,
                        Upstream.local(),
                        reader,
                        new JdbcPromotionStore(metadata.jdbi()),
                        Clock.systemUTC(),
                        Ids.system());
        gate =
                new StagingGate(
                        new PromotionRequestsTest.RoutingTable(),
                        registry,
                        (deployment, inputs) -> {
                            Map<String, Tensor> out = new LinkedHashMap<>();
                            out.put("y", inputs.get("x"));
                            return out;
                        },
                        repo,
                        Duration.ofSeconds(5),
                        Clock.systemUTC());
    }

    @AfterEach
    void close() {
        repo.close();
        metadata.close();
    }

    private Promoter.Promotion promote(int version) {
        return promoter.promote(
                new PromotionRequest(
                        "plus",
                        ModelRef.parse("plus@" + version),
                        RolloutStrategy.ROLLING,
                        OptionalInt.empty()));
    }

    private Optional<ModelRef> serving(Environment environment) {
        DesiredState state = reader.at(environment);
        assertThat(state).isInstanceOf(DesiredState.Accepted.class);
        return ((DesiredState.Accepted) state)
                .find("plus")
                .map(ModelDeployment::predictors)
                .map(p -> p.getFirst().model());
    }

    private CommitInfo main() {
        return repo.head("main").orElseThrow();
    }

    private Promotion approved() {
        Promotion opened = requests.open("plus", gate);
        assertThat(opened.state()).isEqualTo(PromotionState.OPEN);
        return requests.approve(opened.id(), "ana");
    }

    @Test
    void initMakesOneBranchWithBothEnvironmentDirectories() {
        assertThat(repo.head("staging")).isEmpty();
        assertThat(repo.files(main().id(), "environments"))
                .containsOnlyKeys(
                        "environments/production/.gitkeep", "environments/staging/.gitkeep");
        assertThat(DesiredStateRepository.text(repo.read(main().id(), "README.md").orElseThrow()))
                .contains("one directory per environment")
                .contains("environments/staging/<name>.yaml");
    }

    @Test
    void promoteWritesTheStagingDirectoryOfTheOneBranchAndProductionStaysAsItWas() {
        Promoter.Promotion p = promote(1);

        assertThat(main().id()).isEqualTo(p.commit().id());
        assertThat(repo.read(p.commit().id(), STAGED)).isPresent();
        assertThat(repo.read(p.commit().id(), SERVED)).isEmpty();
        assertThat(repo.files(p.commit().id(), "deployments")).isEmpty();
        assertThat(serving(LAYOUT.staging())).contains(ModelRef.parse("plus@1"));
        assertThat(serving(LAYOUT.production())).isEmpty();
        assertThatThrownBy(() -> promote(1))
                .isInstanceOf(NothingToPromoteException.class)
                .hasMessageContaining("in environments/staging/ on branch main already declares");
    }

    @Test
    void approvingCopiesTheVerifiedManifestIntoProductionNotWhatStagingHoldsByThen() {
        promote(1);
        Promotion opened = requests.open("plus", gate);
        assertThat(opened.state()).isEqualTo(PromotionState.OPEN);
        assertThat(opened.diff()).contains("--- main:" + SERVED, "+++ main:" + STAGED, "plus@1");
        assertThat(serving(LAYOUT.production())).isEmpty();

        promote(2); // staging moves on while the request waits
        Promotion merged = requests.approve(opened.id(), "ana");

        assertThat(merged.state()).isEqualTo(PromotionState.MERGED);
        CommitInfo merge = main();
        assertThat(merged.mergeCommit()).contains(merge.id());
        assertThat(merge.subject()).isEqualTo("Promote plus to production: plus@1");
        assertThat(merge.trailers())
                .containsEntry(Trailers.PROMOTION, opened.id())
                .containsEntry(Trailers.STAGING_COMMIT, opened.stagingCommit())
                .containsEntry(Trailers.ACTION, Trailers.PROMOTE);
        assertThat(repo.read(merge.id(), SERVED))
                .hasValueSatisfying(
                        b ->
                                assertThat(b)
                                        .isEqualTo(
                                                repo.read(opened.stagingCommit(), STAGED)
                                                        .orElseThrow()));
        assertThat(serving(LAYOUT.production())).contains(ModelRef.parse("plus@1"));
        assertThat(serving(LAYOUT.staging())).contains(ModelRef.parse("plus@2"));
    }

    @Test
    void aRequestIsRefusedWhenTheProductionManifestChangedSinceItWasOpened() {
        promote(1);
        Promotion opened = requests.open("plus", gate);
        repo.commit(
                "main",
                Optional.of(main().id()),
                List.of(FileChange.write(SERVED, "hand edit\n".getBytes())),
                "Hand edit\n");

        assertThatThrownBy(() -> requests.approve(opened.id(), "ana"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining(SERVED + " changed on production since promotion request");
        assertThat(new JdbcPromotionStore(metadata.jdbi()).find(opened.id()).orElseThrow().state())
                .isEqualTo(PromotionState.FAILED);
    }

    @Test
    void promotingWhatProductionAlreadyServesIsRefused() {
        promote(1);
        approved();

        assertThatThrownBy(() -> requests.open("plus", gate))
                .hasMessageContaining("nothing to promote: production already declares plus");
    }

    @Test
    void rollbackInProductionRevertsTheLastMergeAndLeavesStagingAlone() {
        promote(1);
        Promotion first = approved();
        promote(2);
        Promotion second = approved();
        promote(3);
        Rollback rollback = new Rollback(repo);

        Rollback.Result r = rollback.rollback("plus", LAYOUT.production());

        assertThat(r.reverted().id()).isEqualTo(second.mergeCommit().orElseThrow());
        assertThat(serving(LAYOUT.production())).contains(ModelRef.parse("plus@1"));
        assertThat(serving(LAYOUT.staging())).contains(ModelRef.parse("plus@3"));

        assertThat(rollback.rollback("plus", LAYOUT.production()).reverted().id())
                .isEqualTo(first.mergeCommit().orElseThrow());
        assertThat(serving(LAYOUT.production())).isEmpty();
        assertThatThrownBy(() -> rollback.rollback("plus", LAYOUT.production()))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining(
                        "no promotion of deployment plus in environments/production/ on branch"
                                + " main is left to roll back");

        // Staging's own history: its last promotion, not a merge into production.
        rollback.rollback("plus", LAYOUT.staging());
        assertThat(serving(LAYOUT.staging())).contains(ModelRef.parse("plus@2"));
        assertThat(serving(LAYOUT.production())).isEmpty();
    }
}
