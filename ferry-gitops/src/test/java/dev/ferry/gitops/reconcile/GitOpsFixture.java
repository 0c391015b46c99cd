package dev.ferry.gitops.reconcile;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.event.EventBus;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelArtifact;
import dev.ferry.api.model.ModelLineage;
import dev.ferry.api.model.ModelRegistration;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.core.rollout.JdbcRolloutStore;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real bare Git repository, a real SQLite registry and rollout store, a test clock and the
 * in-memory serving target, wired into reconcilers as the CLI wires them.
 */
final class GitOpsFixture implements AutoCloseable {
    static final String BRANCH = "main";
    static final ManifestLoader LOADER = ManifestLoader.standard();

    final TestClock clock = new TestClock(Instant.parse("2026-05-06T07:08:09Z"));
    final JdbcMetadataStore metadata;
    final JdbcModelRegistry registry;
    final JdbcRolloutStore store;
    final DesiredStateRepository repo;
    final InMemoryServingTarget target = new InMemoryServingTarget();
    final List<String> lines = new ArrayList<>();

    GitOpsFixture(Path dir) {
        this(dir, GitOpsLayout.standard());
    }

    /** A repository initialised with {@code layout}; {@code layout}'s branches include main. */
    GitOpsFixture(Path dir, GitOpsLayout layout) {
        metadata = MetadataStores.open("jdbc:sqlite:" + dir.resolve("ferry.db"));
        registry = new JdbcModelRegistry(metadata.jdbi(), clock);
        store = new JdbcRolloutStore(metadata.jdbi());
        repo = DesiredStateRepository.open(dir.resolve("gitops.git"));
        new GitOpsInit(repo, layout).run();
    }

    /** Registers versions 1..n of {@code model}. */
    GitOpsFixture models(String model, int n) {
        for (int i = 0; i < n; i++) {
            registry.register(
                    new ModelRegistration(
                            model,
                            List.of(
                                    new ModelArtifact(
                                            "model",
                                            new Digest("a".repeat(64)),
                                            ModelArtifact.ONNX)),
                            new ModelSignature(
                                    List.of(new TensorSpec("x", DataType.FP32, List.of(-1L, 4L))),
                                    List.of(new TensorSpec("y", DataType.FP32, List.of(-1L, 2L)))),
                            Map.of("accuracy", 0.9),
                            Optional.empty(),
                            new ModelLineage(
                                    "run-" + i, "train", Map.of(), Map.of(), Optional.empty()),
                            ""));
        }
        return this;
    }

    Reconciler reconciler(Optional<EventBus> bus) {
        return reconciler(bus, target);
    }

    Reconciler reconciler(Optional<EventBus> bus, InMemoryServingTarget serving) {
        return reconciler(bus, serving, Environment.ofBranch(BRANCH));
    }

    /** A reconciler following {@code environment}. */
    Reconciler reconciler(
            Optional<EventBus> bus, InMemoryServingTarget serving, Environment environment) {
        return reconciler(bus, serving, environment, Upstream.local());
    }

    /** A reconciler whose desired state comes through {@code upstream}. */
    Reconciler reconciler(Upstream upstream) {
        return reconciler(Optional.empty(), target, Environment.ofBranch(BRANCH), upstream);
    }

    private Reconciler reconciler(
            Optional<EventBus> bus,
            InMemoryServingTarget serving,
            Environment environment,
            Upstream upstream) {
        ReconcilerOptions options =
                new ReconcilerOptions(
                        environment,
                        "ferry",
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(2),
                        AnalysisCriteria.defaults());
        return new Reconciler(
                new DesiredStateReader(repo, LOADER),
                upstream,
                new DesiredRouting(registry),
                serving,
                store,
                new RolloutEvents(bus, "ferry", environment.name(), clock),
                new Rollback(repo, LOADER),
                options,
                clock,
                lines::add);
    }

    /** Commits files to the reconciled branch; a null content deletes the file. */
    CommitInfo commit(String message, Map<String, String> files) {
        List<FileChange> changes = new ArrayList<>();
        files.forEach(
                (path, text) ->
                        changes.add(
                                text == null
                                        ? FileChange.delete(path)
                                        : FileChange.write(
                                                path, text.getBytes(StandardCharsets.UTF_8))));
        return repo.commit(
                BRANCH, Optional.of(repo.head(BRANCH).orElseThrow().id()), changes, message + "\n");
    }

    /** Commits one deployment manifest with the given predictors and extra spec lines. */
    CommitInfo deploy(String name, String predictors, String rest, String trailers) {
        String yaml =
                """
                apiVersion: ferry.dev/v1
                kind: ModelDeployment
                metadata:
                  name: %s
                spec:
                  predictors:
                %s%s\
                """
                        .formatted(name, predictors.indent(4), rest);
        return commit(
                "Deploy " + name + (trailers.isEmpty() ? "" : "\n\n" + trailers),
                Map.of(GitOpsLayout.standard().production().manifestPath(name), yaml));
    }

    static String only(String model) {
        return "- name: main\n  model: " + model + "\n  weight: 100\n";
    }

    static String canary(String stable, String canary, int weight) {
        return "- name: main\n  model: "
                + stable
                + "\n  weight: "
                + (100 - weight)
                + "\n- name: canary\n  model: "
                + canary
                + "\n  weight: "
                + weight
                + "\n";
    }

    static final String CANARY_ROLLOUT =
            "  rollout:\n    strategy: canary\n    steps: [10, 50, 100]\n    analysisWindow: 1s\n";

    @Override
    public void close() {
        repo.close();
        metadata.close();
    }
}
