package dev.ferry.gitops.repository;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry gitops init}: gives an empty desired-state repository its layout (a README that
 * explains it and the {@code deployments/} directory) on both branches. Running it again changes
 * nothing.
 */
public final class GitOpsInit {
    static final String KEEP = GitOpsLayout.DEPLOYMENTS + "/.gitkeep";

    private final DesiredStateRepository repository;
    private final GitOpsLayout layout;

    public GitOpsInit(DesiredStateRepository repository, GitOpsLayout layout) {
        this.repository = repository;
        this.layout = layout;
    }

    /** What initialising did. */
    public record Result(boolean createdProduction, boolean createdStaging, String commit) {}

    public Result run() {
        Optional<CommitInfo> production = repository.head(layout.production());
        boolean createdProduction = production.isEmpty();
        CommitInfo base =
                production.orElseGet(
                        () ->
                                repository.commit(
                                        layout.production(),
                                        Optional.empty(),
                                        List.of(
                                                FileChange.write(
                                                        "README.md",
                                                        readme().getBytes(StandardCharsets.UTF_8)),
                                                FileChange.write(KEEP, new byte[0])),
                                        "Ferry desired-state repository layout\n"));
        boolean createdStaging = repository.head(layout.staging()).isEmpty();
        if (createdStaging) {
            repository.createBranch(layout.staging(), base.id());
        }
        return new Result(createdProduction, createdStaging, base.id());
    }

    String readme() {
        return """
        # Ferry deployments

        This repository is the desired state of Ferry's model deployments. Nobody deploys
        by hand: a commit here declares what should serve, and Ferry's reconciler makes the
        servers match it.

        ## Layout

        - `deployments/<name>.yaml`: one `kind: ModelDeployment` manifest per deployment
          (schema: `schemas/modeldeployment.schema.json` in Ferry). The file name is the
          deployment's `metadata.name`.

        ## Branches

        - `%s`: where `ferry promote` writes. The staging server follows it.
        - `%s`: what production serves. Changes arrive from `%s` once they pass the
          staging checks.

        ## Commits

        Each promotion is one commit. Its trailers say what it did, for example:

            Ferry-Deployment: mnist
            Ferry-Model: mnist@4
            Ferry-Run: 0193...
            Ferry-Metric-accuracy: 0.9312

        `ferry rollback DEPLOYMENT` adds a commit that reverts the last promotion
        (trailer `Ferry-Reverts: <commit>`). A commit whose manifests do not validate is
        refused by the reconciler: whatever was serving keeps serving.
        """
                .formatted(layout.staging(), layout.production(), layout.staging());
    }
}
