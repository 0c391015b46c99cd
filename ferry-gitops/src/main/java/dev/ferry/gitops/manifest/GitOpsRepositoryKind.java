package dev.ferry.gitops.manifest;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.core.manifest.ManifestKind;
import dev.ferry.core.manifest.YamlNode;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.repository.GitOpsRepositoryManifest;
import java.util.List;
import java.util.Optional;

/**
 * {@code kind: GitOpsRepository}: reads the layout and checks what the schema cannot: the branch
 * layout has two branches with {@code deployments/} on each, the directory layout one branch with
 * two separate directories.
 */
public final class GitOpsRepositoryKind implements ManifestKind {

    @Override
    public String kind() {
        return GitOpsRepositoryManifest.KIND;
    }

    @Override
    public String schemaResource() {
        return "schemas/gitopsrepository.schema.json";
    }

    @Override
    public Manifest parse(
            YamlNode.Mapping spec, ObjectMeta metadata, SourceLocation at, List<Problem> problems) {
        return new GitOpsRepositoryManifest(metadata, layout(spec, at, problems), at);
    }

    private static Optional<GitOpsLayout> layout(
            YamlNode.Mapping spec, SourceLocation at, List<Problem> problems) {
        Optional<String> kind = text(spec, "layout");
        Optional<YamlNode.Mapping> environments = mapping(spec, "environments");
        Optional<YamlNode.Mapping> staging = environments.flatMap(e -> mapping(e, "staging"));
        Optional<YamlNode.Mapping> production = environments.flatMap(e -> mapping(e, "production"));
        if (kind.isEmpty() || staging.isEmpty() || production.isEmpty()) {
            return Optional.empty(); // the schema says what is missing
        }
        Optional<String> stagingBranch = text(staging.get(), "branch");
        Optional<String> productionBranch = text(production.get(), "branch");
        Optional<String> stagingDirectory = text(staging.get(), "directory");
        Optional<String> productionDirectory = text(production.get(), "directory");
        if (stagingBranch.isEmpty()
                || productionBranch.isEmpty()
                || stagingDirectory.isEmpty()
                || productionDirectory.isEmpty()) {
            return Optional.empty();
        }
        SourceLocation where = spec.get("layout").map(YamlNode::at).orElse(at);
        try {
            if (kind.get().equals(GitOpsLayout.Branches.KIND)) {
                boolean ok = true;
                for (YamlNode.Mapping env : List.of(staging.get(), production.get())) {
                    String dir = text(env, "directory").orElseThrow();
                    if (!dir.equals(GitOpsLayout.DEPLOYMENTS)) {
                        problems.add(
                                new Problem(
                                        env.get("directory").orElseThrow().at(),
                                        "layout branches keeps manifests in "
                                                + GitOpsLayout.DEPLOYMENTS
                                                + " on each branch, not in "
                                                + dir
                                                + ": write directory: "
                                                + GitOpsLayout.DEPLOYMENTS
                                                + ", or use layout: directories"));
                        ok = false;
                    }
                }
                return ok
                        ? Optional.of(
                                new GitOpsLayout.Branches(
                                        stagingBranch.get(), productionBranch.get()))
                        : Optional.empty();
            }
            if (!stagingBranch.get().equals(productionBranch.get())) {
                problems.add(
                        new Problem(
                                production.get().get("branch").orElseThrow().at(),
                                "layout directories keeps both environments on one branch, but"
                                        + " staging is on "
                                        + stagingBranch.get()
                                        + " and production on "
                                        + productionBranch.get()
                                        + ": use the same branch, or layout: branches"));
                return Optional.empty();
            }
            return Optional.of(
                    new GitOpsLayout.Directories(
                            productionBranch.get(),
                            stagingDirectory.get(),
                            productionDirectory.get()));
        } catch (GitOpsException e) {
            problems.add(new Problem(where, e.getMessage()));
            return Optional.empty();
        }
    }

    private static Optional<String> text(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof String)
                .map(n -> (String) ((YamlNode.Scalar) n).value());
    }

    private static Optional<YamlNode.Mapping> mapping(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Mapping)
                .map(YamlNode.Mapping.class::cast);
    }
}
