package dev.ferry.gitops.desired;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.GitOpsException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads every deployment manifest at a commit and validates it; one bad file refuses the whole
 * commit, so a half-applied state never exists.
 */
public final class DesiredStateReader {
    private final DesiredStateRepository repository;
    private final ManifestLoader loader;

    public DesiredStateReader(DesiredStateRepository repository, ManifestLoader loader) {
        this.repository = repository;
        this.loader = loader;
    }

    /** The desired state at the head of {@code branch}, under {@code deployments/}. */
    public DesiredState atBranch(String branch) {
        return at(Environment.ofBranch(branch));
    }

    /** The desired state of {@code environment}: its directory at the head of its branch. */
    public DesiredState at(Environment environment) {
        String branch = environment.branch();
        CommitInfo head =
                repository
                        .head(branch)
                        .orElseThrow(
                                () ->
                                        new GitOpsException(
                                                "branch "
                                                        + branch
                                                        + " does not exist in the desired-state"
                                                        + " repository; run ferry gitops init"));
        return at(head, environment);
    }

    /**
     * The desired state of {@code environment} at {@code commit}: the manifests directly in its
     * directory; files elsewhere (another environment's directory) are not read.
     */
    public DesiredState at(CommitInfo commit, Environment environment) {
        String directory = environment.directory();
        List<Problem> problems = new ArrayList<>();
        List<ModelDeployment> deployments = new ArrayList<>();
        Map<String, byte[]> files = repository.files(commit.id(), directory);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            String name = path.substring(directory.length() + 1);
            if (name.startsWith(".")) {
                continue;
            }
            if (!name.endsWith(".yaml") || name.contains("/")) {
                problems.add(
                        new Problem(
                                SourceLocation.unknown(path),
                                "only <deployment>.yaml files belong directly in "
                                        + directory
                                        + "/"));
                continue;
            }
            String expected = name.substring(0, name.length() - ".yaml".length());
            ManifestLoader.Result result =
                    loader.read(path, DesiredStateRepository.text(file.getValue()));
            problems.addAll(result.problems());
            if (!result.problems().isEmpty()) {
                continue;
            }
            check(environment, path, expected, result.manifests(), problems, deployments);
        }
        return problems.isEmpty()
                ? new DesiredState.Accepted(commit, deployments)
                : new DesiredState.Refused(commit, problems);
    }

    private static void check(
            Environment environment,
            String path,
            String expected,
            List<Manifest> manifests,
            List<Problem> problems,
            List<ModelDeployment> deployments) {
        if (manifests.size() != 1 || !(manifests.getFirst() instanceof ModelDeployment d)) {
            problems.add(
                    new Problem(
                            SourceLocation.unknown(path),
                            "expected exactly one kind: ModelDeployment document, found "
                                    + manifests.stream().map(Manifest::kind).toList()));
            return;
        }
        if (!d.name().equals(expected)) {
            problems.add(
                    new Problem(
                            d.location(),
                            "metadata.name is '"
                                    + d.name()
                                    + "' but the file is "
                                    + path
                                    + ": name the file "
                                    + environment.manifestPath(d.name())));
            return;
        }
        deployments.add(d);
    }
}
