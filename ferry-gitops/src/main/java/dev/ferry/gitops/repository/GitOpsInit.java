package dev.ferry.gitops.repository;

import dev.ferry.core.manifest.ManifestLoader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code ferry gitops init}: gives an empty desired-state repository its layout: a README that
 * explains it, {@code ferry-gitops.yaml} recording it, and the manifest directories, on the
 * production branch (and the staging branch, for the branch layout). Running it again changes
 * nothing; running it with another layout than the recorded one is refused.
 */
public final class GitOpsInit {
    /** The file that keeps an empty manifest directory in Git. */
    static final String KEEP = ".gitkeep";

    private final DesiredStateRepository repository;
    private final GitOpsLayout layout;
    private final ManifestLoader loader;

    public GitOpsInit(DesiredStateRepository repository, GitOpsLayout layout) {
        this(repository, layout, ManifestLoader.standard());
    }

    public GitOpsInit(
            DesiredStateRepository repository, GitOpsLayout layout, ManifestLoader loader) {
        this.repository = repository;
        this.layout = layout;
        this.loader = loader;
    }

    /** What initialising did. */
    public record Result(boolean createdProduction, boolean createdStaging, String commit) {
        /** Whether any branch was created. */
        public boolean created() {
            return createdProduction || createdStaging;
        }
    }

    /**
     * @throws LayoutException when the repository already records another layout
     */
    public Result run() {
        String productionBranch = layout.production().branch();
        Optional<GitOpsLayout> recorded = new LayoutFile(repository, loader).read(productionBranch);
        if (recorded.isPresent() && !recorded.get().equals(layout)) {
            throw new LayoutException(
                    "the desired-state repository is already initialised with "
                            + describe(recorded.get())
                            + " ("
                            + LayoutFile.PATH
                            + " on branch "
                            + productionBranch
                            + "), not "
                            + describe(layout)
                            + ": drop --layout and the branch options to use it, or start a new"
                            + " repository");
        }
        Optional<CommitInfo> production = repository.head(productionBranch);
        boolean createdProduction = production.isEmpty();
        CommitInfo base =
                production.orElseGet(
                        () ->
                                repository.commit(
                                        productionBranch,
                                        Optional.empty(),
                                        files(),
                                        "Ferry desired-state repository layout ("
                                                + layout.kind()
                                                + ")\n"));
        boolean createdStaging = false;
        if (layout instanceof GitOpsLayout.Branches b
                && repository.head(b.stagingBranch()).isEmpty()) {
            repository.createBranch(b.stagingBranch(), base.id());
            createdStaging = true;
        }
        return new Result(createdProduction, createdStaging, base.id());
    }

    private List<FileChange> files() {
        List<FileChange> files = new ArrayList<>();
        files.add(FileChange.write("README.md", utf8(readme())));
        files.add(FileChange.write(LayoutFile.PATH, utf8(LayoutFile.render(layout))));
        for (String directory :
                List.of(layout.production().directory(), layout.staging().directory())) {
            String keep = directory + "/" + KEEP;
            if (files.stream().noneMatch(f -> f.path().equals(keep))) {
                files.add(FileChange.write(keep, new byte[0]));
            }
        }
        return files;
    }

    /** {@code branches staging and main}, or {@code directories ... on main}, for messages. */
    public static String describe(GitOpsLayout layout) {
        return switch (layout) {
            case GitOpsLayout.Branches b ->
                    "layout branches (staging "
                            + b.stagingBranch()
                            + ", production "
                            + b.productionBranch()
                            + ")";
            case GitOpsLayout.Directories d ->
                    "layout directories ("
                            + d.stagingDirectory()
                            + "/ and "
                            + d.productionDirectory()
                            + "/ on branch "
                            + d.branch()
                            + ")";
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    String readme() {
        String where =
                switch (layout) {
                    case GitOpsLayout.Branches b ->
                            """
                            ## Layout: one branch per environment

                            - `deployments/<name>.yaml`: one `kind: ModelDeployment` manifest per
                              deployment, on each branch.
                            - `%s`: where `ferry promote` writes. The staging server follows it
                              (`ferry reconcile --environment staging`).
                            - `%s`: what production serves (`ferry reconcile`). Changes arrive from
                              `%s` as promotion requests, once they pass the staging checks.
                            """
                                    .formatted(
                                            b.stagingBranch(),
                                            b.productionBranch(),
                                            b.stagingBranch());
                    case GitOpsLayout.Directories d ->
                            """
                            ## Layout: one directory per environment

                            Everything lives on branch `%s`, one directory per environment (as in
                            Kustomize overlays or Flux's per-environment paths):

                            - `%s/<name>.yaml`: where `ferry promote` writes. The staging server
                              follows it (`ferry reconcile --environment staging`).
                            - `%s/<name>.yaml`: what production serves (`ferry reconcile`). A
                              manifest arrives here only as a promotion request: once it passes
                              the staging checks and is approved, one commit copies the verified
                              file from `%s/`.
                            """
                                    .formatted(
                                            d.branch(),
                                            d.stagingDirectory(),
                                            d.productionDirectory(),
                                            d.stagingDirectory());
                };
        return """
        # Ferry deployments

        This repository is the desired state of Ferry's model deployments. Nobody deploys
        by hand: a commit here declares what should serve, and Ferry's reconciler makes the
        servers match it.

        Each manifest is one `kind: ModelDeployment` (schema:
        `schemas/modeldeployment.schema.json` in Ferry); the file name is the deployment's
        `metadata.name`. `%s` records the layout below (`kind: GitOpsRepository`), so Ferry's
        commands find the environments without options.

        %s
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
                .formatted(LayoutFile.PATH, where);
    }
}
