package dev.ferry.gitops.promotion;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.model.ModelVersion;
import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * {@code ferry promote}: resolves the model reference through the registry, pins the exact version
 * in the deployment's manifest and writes it to the staging environment (the staging branch, or the
 * staging directory) as one commit whose trailers carry the version, the run and the metrics.
 */
public final class Promoter {
    private final DesiredStateRepository repository;
    private final GitOpsLayout layout;
    private final ModelRegistry registry;
    private final ManifestLoader loader;
    private final ManifestWriter writer = new ManifestWriter();

    public Promoter(
            DesiredStateRepository repository,
            GitOpsLayout layout,
            ModelRegistry registry,
            ManifestLoader loader) {
        this.repository = repository;
        this.layout = layout;
        this.registry = registry;
        this.loader = loader;
    }

    /** What a promotion wrote. */
    public record Promotion(CommitInfo commit, ModelVersion version, ModelDeployment deployment) {}

    public Promotion promote(PromotionRequest request) {
        return promote(request, Map.of());
    }

    /**
     * Promotes, adding {@code trailers} (e.g. the pipeline run and the evaluation's verdict) to the
     * commit message.
     *
     * @throws NothingToPromoteException when the staging environment already declares this
     */
    public Promotion promote(PromotionRequest request, Map<String, String> trailers) {
        ModelVersion version = registry.require(request.model());
        Environment staging = layout.staging();
        String branch = staging.branch();
        CommitInfo head =
                repository
                        .head(branch)
                        .orElseThrow(
                                () ->
                                        new GitOpsException(
                                                "branch "
                                                        + branch
                                                        + " does not exist; run ferry gitops init"
                                                        + " first"));
        String path = staging.manifestPath(request.deployment());
        Optional<ModelDeployment> current =
                repository.read(head.id(), path).map(bytes -> parse(path, bytes, branch));
        ModelDeployment next =
                DesiredChange.apply(
                        request.deployment(),
                        path,
                        current,
                        version.ref(),
                        request.strategy(),
                        request.weight(),
                        request.rollbackable(),
                        request.analysisWindow());
        String text = writer.write(next);
        ModelDeployment written = parse(path, text.getBytes(StandardCharsets.UTF_8), branch);
        if (current.isPresent() && sameState(current.get(), written)) {
            throw new NothingToPromoteException(
                    "deployment "
                            + request.deployment()
                            + " in "
                            + staging.describe()
                            + " already declares this: nothing to promote",
                    head);
        }
        CommitInfo commit =
                repository.commit(
                        branch,
                        Optional.of(head.id()),
                        List.of(FileChange.write(path, text.getBytes(StandardCharsets.UTF_8))),
                        message(request, version, written, trailers));
        return new Promotion(commit, version, written);
    }

    private ModelDeployment parse(String path, byte[] bytes, String branch) {
        ManifestLoader.Result result = loader.read(path, new String(bytes, StandardCharsets.UTF_8));
        if (!result.problems().isEmpty()) {
            throw new GitOpsException(
                    path
                            + " on branch "
                            + branch
                            + " is invalid; fix it before promoting:\n"
                            + result.problems().stream()
                                    .map(Problem::render)
                                    .collect(Collectors.joining("\n")));
        }
        List<Manifest> manifests = result.manifests();
        if (manifests.size() != 1 || !(manifests.getFirst() instanceof ModelDeployment d)) {
            throw new GitOpsException(
                    path + " on branch " + branch + " must hold one kind: ModelDeployment");
        }
        return d;
    }

    private static boolean sameState(ModelDeployment a, ModelDeployment b) {
        return a.predictors().equals(b.predictors())
                && a.shadow().equals(b.shadow())
                && a.policy().rollbackable() == b.policy().rollbackable()
                && a.rollout().equals(b.rollout());
    }

    static String message(PromotionRequest request, ModelVersion version, ModelDeployment d) {
        return message(request, version, d, Map.of());
    }

    static String message(
            PromotionRequest request,
            ModelVersion version,
            ModelDeployment d,
            Map<String, String> extra) {
        String pinned = version.ref().toString();
        String how =
                switch (d.rollout().strategy()) {
                    case CANARY, AB ->
                            d.rollout().strategy().manifestName()
                                    + ", "
                                    + d.predictors().getLast().weight()
                                    + "%";
                    default -> d.rollout().strategy().manifestName();
                };
        StringBuilder out = new StringBuilder();
        out.append("Promote ")
                .append(pinned)
                .append(" to ")
                .append(request.deployment())
                .append(" (")
                .append(how)
                .append(")\n\n");
        out.append("Model ")
                .append(version.model())
                .append(" version ")
                .append(version.version())
                .append(" from run ")
                .append(version.lineage().runId())
                .append(", step ")
                .append(version.lineage().stepName())
                .append(".\n\n");
        out.append(Trailers.DEPLOYMENT).append(": ").append(request.deployment()).append('\n');
        out.append(Trailers.ACTION).append(": ").append(Trailers.PROMOTE).append('\n');
        out.append(Trailers.MODEL).append(": ").append(pinned).append('\n');
        if (!request.model().toString().equals(pinned)) {
            out.append(Trailers.REQUESTED).append(": ").append(request.model()).append('\n');
        }
        out.append(Trailers.STRATEGY)
                .append(": ")
                .append(d.rollout().strategy().manifestName())
                .append('\n');
        request.weight()
                .ifPresent(w -> out.append(Trailers.WEIGHT).append(": ").append(w).append('\n'));
        out.append(Trailers.RUN).append(": ").append(version.lineage().runId()).append('\n');
        Map<String, Double> metrics = new TreeMap<>(version.metrics());
        metrics.forEach(
                (name, value) ->
                        out.append(Trailers.metric(name)).append(": ").append(value).append('\n'));
        new TreeMap<>(extra)
                .forEach((k, v) -> out.append(k).append(": ").append(oneLine(v)).append('\n'));
        return out.toString();
    }

    private static String oneLine(String v) {
        return v.replaceAll("\\s+", " ").strip();
    }
}
