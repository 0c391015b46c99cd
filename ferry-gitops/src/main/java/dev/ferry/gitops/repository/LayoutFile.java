package dev.ferry.gitops.repository;

import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.manifest.ManifestLoader;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@code ferry-gitops.yaml}: the layout recorded at the root of the production branch by {@code
 * ferry gitops init}, so later commands find the environments without flags.
 */
public final class LayoutFile {
    /** The file's path in the repository. */
    public static final String PATH = "ferry-gitops.yaml";

    private final DesiredStateRepository repository;
    private final ManifestLoader loader;

    public LayoutFile(DesiredStateRepository repository, ManifestLoader loader) {
        this.repository = repository;
        this.loader = loader;
    }

    /**
     * The layout recorded at the head of {@code branch}; empty when the branch or the file does not
     * exist (a repository initialised before layouts were recorded has the branch layout).
     *
     * @throws LayoutException naming the file, line and what was expected when it is invalid, or
     *     when it puts production on another branch than the one it was read from
     */
    public Optional<GitOpsLayout> read(String branch) {
        Optional<CommitInfo> head = repository.head(branch);
        Optional<byte[]> bytes = head.flatMap(c -> repository.read(c.id(), PATH));
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        String where = PATH + " on branch " + branch;
        ManifestLoader.Result result = loader.read(PATH, DesiredStateRepository.text(bytes.get()));
        if (!result.problems().isEmpty()) {
            throw new LayoutException(
                    where
                            + " is invalid:\n"
                            + result.problems().stream()
                                    .map(Problem::render)
                                    .collect(Collectors.joining("\n")));
        }
        List<Manifest> manifests = result.manifests();
        if (manifests.size() != 1
                || !(manifests.getFirst() instanceof GitOpsRepositoryManifest m)
                || m.layout().isEmpty()) {
            throw new LayoutException(
                    where
                            + " must hold exactly one kind: "
                            + GitOpsRepositoryManifest.KIND
                            + " document, found "
                            + manifests.stream().map(Manifest::kind).toList());
        }
        GitOpsLayout layout = m.layout().get();
        if (!layout.production().branch().equals(branch)) {
            throw new LayoutException(
                    where
                            + " says production is on branch "
                            + layout.production().branch()
                            + "; the file belongs on the production branch: pass --main-branch "
                            + layout.production().branch()
                            + " or fix the file");
        }
        return Optional.of(layout);
    }

    /** The file's text for {@code layout}, with comments explaining it. */
    public static String render(GitOpsLayout layout) {
        String how =
                switch (layout) {
                    case GitOpsLayout.Branches b ->
                            "# One branch per environment: ferry promote writes "
                                    + b.stagingBranch()
                                    + ", production serves "
                                    + b.productionBranch()
                                    + ".\n";
                    case GitOpsLayout.Directories d ->
                            "# One directory per environment on branch "
                                    + d.branch()
                                    + ": ferry promote writes "
                                    + d.stagingDirectory()
                                    + "/,\n# production serves "
                                    + d.productionDirectory()
                                    + "/.\n";
                };
        return "# The layout of this desired-state repository, written by ferry gitops init.\n"
                + how
                + "# Schema: schemas/gitopsrepository.schema.json in Ferry.\n"
                + "apiVersion: ferry.dev/v1\n"
                + "kind: "
                + GitOpsRepositoryManifest.KIND
                + "\n"
                + "metadata:\n"
                + "  name: deployments\n"
                + "spec:\n"
                + "  layout: "
                + layout.kind()
                + "\n"
                + "  environments:\n"
                + environment("staging", layout.staging())
                + environment("production", layout.production());
    }

    private static String environment(String name, Environment env) {
        return "    "
                + name
                + ":\n      branch: "
                + env.branch()
                + "\n      directory: "
                + env.directory()
                + "\n";
    }
}
