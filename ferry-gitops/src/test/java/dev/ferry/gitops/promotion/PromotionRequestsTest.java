package dev.ferry.gitops.promotion;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.deployment.ActualState;
import dev.ferry.api.deployment.PredictorStats;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.deployment.Routing;
import dev.ferry.api.deployment.ServingTarget;
import dev.ferry.api.deployment.VersionKey;
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
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.staging.StagingGate;
import java.nio.charset.StandardCharsets;
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
 * Opening, merging and rejecting promotion requests on a real repository and store. The staging
 * server here routes in memory and answers inputs plus one: the gate's HTTP path is covered end to
 * end in the CLI's PromotionGateCliTest.
 */
class PromotionRequestsTest {
    @TempDir Path tmp;

    private JdbcMetadataStore metadata;
    private JdbcModelRegistry registry;
    private DesiredStateRepository repo;
    private PromotionRequests requests;
    private StagingGate gate;

    @BeforeEach
    void open() {
        metadata = MetadataStores.open("jdbc:sqlite:" + tmp.resolve("ferry.db"));
        registry = new JdbcModelRegistry(metadata.jdbi(), Clock.systemUTC());
        repo = DesiredStateRepository.open(tmp.resolve("gitops.git"));
        new GitOpsInit(repo, GitOpsLayout.standard()).run();
        for (int i = 0; i < 2; i++) {
            registry.register(
                    new ModelRegistration(
                            "plus",
                            List.of(new ModelArtifact("model", new Digest("a".repeat(64)), "onnx")),
                            new ModelSignature(
                                    List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 2L))),
                                    List.of(new TensorSpec("y", DataType.FP32, List.of(-1L, 2L)))),
                            Map.of(),
                            Optional.empty(),
                            new ModelLineage("run", "train", Map.of(), Map.of(), Optional.empty()),
                            ""));
        }
        requests =
                new PromotionRequests(
                        repo,
                        GitOpsLayout.standard(),
                        Upstream.local(),
                        new DesiredStateReader(repo, ManifestLoader.standard()),
                        new JdbcPromotionStore(metadata.jdbi()),
                        Clock.systemUTC(),
                        Ids.system());
        gate =
                new StagingGate(
                        new RoutingTable(),
                        registry,
                        (deployment, inputs) -> {
                            float[] x = inputs.get("x").toFloatArray();
                            float[] y = new float[x.length];
                            for (int i = 0; i < x.length; i++) {
                                y[i] = x[i] + 1;
                            }
                            Map<String, Tensor> out = new LinkedHashMap<>();
                            out.put("y", Tensor.ofFloats(inputs.get("x").shapeArray(), y));
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

    private void stage(String policy, String sample) {
        CommitInfo head = repo.head("staging").orElseThrow();
        repo.commit(
                "staging",
                Optional.of(head.id()),
                List.of(
                        FileChange.write(
                                "samples/plus.jsonl", sample.getBytes(StandardCharsets.UTF_8)),
                        FileChange.write(
                                "deployments/plus.yaml",
                                ("""
                                apiVersion: ferry.dev/v1
                                kind: ModelDeployment
                                metadata:
                                  name: plus
                                spec:
                                  predictors:
                                    - {name: main, model: plus@1, weight: 100}
                                  promotion:
                                """
                                                + policy.indent(4))
                                        .getBytes(StandardCharsets.UTF_8))),
                "Stage plus\n");
    }

    private static final String RIGHT =
            "{\"inputs\": {\"x\": [[1, 2]]}, \"expected\": {\"y\": [[2, 3]]}}\n"
                    + "{\"inputs\": {\"x\": [[0.5, 7]]}, \"label\": 1}\n";

    @Test
    void anAutoPolicyMergesTheVerifiedManifestIntoMainAtOnce() {
        stage("auto: true\nsample: samples/plus.jsonl\n", RIGHT);

        Promotion p = requests.open("plus", gate);

        assertThat(p.state()).isEqualTo(PromotionState.MERGED);
        assertThat(p.decidedBy()).contains(PromotionRequests.POLICY);
        assertThat(p.evidence())
                .extracting(e -> e.check())
                .containsExactly("deploy", "health", "smoke", "accuracy");
        CommitInfo main = repo.head("main").orElseThrow();
        assertThat(p.mergeCommit()).contains(main.id());
        assertThat(main.trailers())
                .containsEntry(Trailers.PROMOTION, p.id())
                .containsEntry(Trailers.STAGING_COMMIT, p.stagingCommit())
                .containsEntry(Trailers.ACTION, Trailers.PROMOTE);
        assertThat(p.diff())
                .contains(
                        "+++ staging:deployments/plus.yaml",
                        "+    - {name: main, model: plus@1, weight: 100}");
    }

    @Test
    void aWrongAnswerFailsTheRequestAndTellsTheLine() {
        stage(
                "sample: samples/plus.jsonl\nminAccuracy: 0.5\n",
                "{\"inputs\": {\"x\": [[1, 2]]}, \"expected\": {\"y\": [[9, 9]]}}\n"
                        + "{\"inputs\": {\"x\": [[1, 2]]}, \"label\": 0}\n");

        Promotion p = requests.open("plus", gate);

        assertThat(p.state()).isEqualTo(PromotionState.FAILED);
        assertThat(p.note().orElseThrow())
                .contains("0 of 2 sample cases answered as expected")
                .contains("wrong at lines [1, 2]");
        assertThat(repo.read(repo.head("main").orElseThrow().id(), "deployments/plus.yaml"))
                .isEmpty();
    }

    @Test
    void aBadSampleLineIsEvidenceWithItsFileAndLine() {
        stage("sample: samples/plus.jsonl\n", "{\"inputs\": {\"z\": [[1, 2]]}, \"label\": 0}\n");

        Promotion p = requests.open("plus", gate);

        assertThat(p.note().orElseThrow())
                .contains("samples/plus.jsonl:1: input 'x' of the model is missing");
    }

    @Test
    void aManualRequestWaitsThenIsRejectedOrRefusedWhenMainMovedMeanwhile() {
        stage("sample: samples/plus.jsonl\n", RIGHT);
        Promotion first = requests.open("plus", gate);
        assertThat(first.state()).isEqualTo(PromotionState.OPEN);

        Promotion rejected = requests.reject(first.id(), "bo", Optional.of("not on a Friday"));
        assertThat(rejected.state()).isEqualTo(PromotionState.REJECTED);
        assertThat(rejected.note()).contains("not on a Friday");
        assertThatThrownBy(() -> requests.approve(first.id(), "ana"))
                .hasMessageContaining("is rejected, not open");

        Promotion second = requests.open("plus", gate);
        CommitInfo main = repo.head("main").orElseThrow();
        repo.commit(
                "main",
                Optional.of(main.id()),
                List.of(FileChange.write("deployments/plus.yaml", "hand edit\n".getBytes())),
                "Hand edit\n");
        assertThatThrownBy(() -> requests.approve(second.id().substring(0, 20), "ana"))
                .isInstanceOf(GitOpsException.class)
                .hasMessageContaining("changed on main since promotion request");
        assertThat(new JdbcPromotionStore(metadata.jdbi()).find(second.id()).orElseThrow().state())
                .isEqualTo(PromotionState.FAILED);
    }

    @Test
    void promotingWhatMainAlreadyServesIsRefused() {
        stage("auto: true\n", "");
        requests.open("plus", gate);

        assertThatThrownBy(() -> requests.open("plus", gate))
                .hasMessageContaining("nothing to promote: main already declares plus");
    }

    @Test
    void theStagingCommitCarriesThePipelineTrailers() {
        Promoter promoter =
                new Promoter(repo, GitOpsLayout.standard(), registry, ManifestLoader.standard());
        Promoter.Promotion p =
                promoter.promote(
                        new PromotionRequest(
                                "plus",
                                ModelRef.parse("plus@2"),
                                RolloutStrategy.ROLLING,
                                OptionalInt.empty()),
                        Map.of(Trailers.PIPELINE_RUN, "run-9", Trailers.GATE, "passed (a\nb)"));

        assertThat(p.commit().trailers())
                .containsEntry(Trailers.PIPELINE_RUN, "run-9")
                .containsEntry(Trailers.GATE, "passed (a b)");
        assertThatThrownBy(
                        () ->
                                promoter.promote(
                                        new PromotionRequest(
                                                "plus",
                                                ModelRef.parse("plus@2"),
                                                RolloutStrategy.ROLLING,
                                                OptionalInt.empty())))
                .isInstanceOf(NothingToPromoteException.class);
    }

    /** A staging server that routes in memory; every routed version is ready. */
    static final class RoutingTable implements ServingTarget {
        private final Map<String, Routing> routes = new LinkedHashMap<>();

        @Override
        public ActualState actual() {
            return new ActualState(routes, java.util.Set.of());
        }

        @Override
        public void load(VersionKey version, Duration timeout) {}

        @Override
        public void unload(VersionKey version) {}

        @Override
        public void route(String deployment, Routing routing) {
            routes.put(deployment, routing);
        }

        @Override
        public void remove(String deployment) {
            routes.remove(deployment);
        }

        @Override
        public boolean healthy(String deployment) {
            return routes.containsKey(deployment);
        }

        @Override
        public List<PredictorStats> stats(String deployment) {
            return List.of();
        }
    }
}
