package dev.ferry.gitops.promotion;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.repository.CommitInfo;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.FileChange;
import dev.ferry.gitops.repository.GitOpsException;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ferry rollback}: a commit that reverts a deployment's last promotion not yet reverted in
 * one environment. Rolling back twice walks back through earlier promotions, one at a time.
 */
public final class Rollback {
    /** How far back the history is searched for the deployment's promotions. */
    static final int HISTORY_LIMIT = 10_000;

    private final DesiredStateRepository repository;
    private final ManifestLoader loader;

    public Rollback(DesiredStateRepository repository) {
        this(repository, ManifestLoader.standard());
    }

    public Rollback(DesiredStateRepository repository, ManifestLoader loader) {
        this.repository = repository;
        this.loader = loader;
    }

    /** What the rollback wrote. */
    public record Result(CommitInfo commit, CommitInfo reverted) {}

    /** Reverts on {@code branch}, whose manifests are under {@code deployments/}. */
    public Result rollback(String deployment, String branch) {
        return rollback(deployment, Environment.ofBranch(branch));
    }

    /**
     * Reverts the last promotion of {@code deployment} in {@code environment}. On a branch shared
     * by several environments only the commits that changed this environment's manifest count.
     */
    public Result rollback(String deployment, Environment environment) {
        String branch = environment.branch();
        String path = environment.manifestPath(deployment);
        List<CommitInfo> history = repository.log(branch, HISTORY_LIMIT);
        if (history.isEmpty()) {
            throw new GitOpsException(
                    "branch " + branch + " does not exist; run ferry gitops init first");
        }
        CommitInfo head = history.getFirst();
        Set<String> reverted = new HashSet<>();
        CommitInfo target = null;
        for (CommitInfo c : history) {
            if (!deployment.equals(c.trailers().get(Trailers.DEPLOYMENT)) || !changes(c, path)) {
                continue;
            }
            String action = c.trailers().get(Trailers.ACTION);
            if (Trailers.ROLLBACK.equals(action)) {
                Optional.ofNullable(c.trailers().get(Trailers.REVERTS)).ifPresent(reverted::add);
            } else if (Trailers.PROMOTE.equals(action) && !reverted.contains(c.id())) {
                target = c;
                break;
            }
        }
        if (target == null) {
            throw new GitOpsException(
                    "no promotion of deployment "
                            + deployment
                            + " in "
                            + environment.describe()
                            + " is left to roll back");
        }
        Optional<byte[]> promoted = repository.read(target.id(), path);
        Optional<byte[]> now = repository.read(head.id(), path);
        if (!sameBytes(promoted, now)) {
            throw new GitOpsException(
                    path
                            + " changed on "
                            + environment.name()
                            + " after promotion "
                            + target.shortId()
                            + " ("
                            + target.subject()
                            + "): a revert would drop that change; edit the file or promote the"
                            + " version you want instead");
        }
        if (promoted.isPresent() && !rollbackable(path, promoted.get())) {
            throw new NotRollbackableException(
                    "promotion "
                            + target.shortId()
                            + " ("
                            + target.subject()
                            + ") is marked not rollback-able (spec.policy.rollbackable: false in "
                            + path
                            + "): promote the version you want instead, or commit a manifest"
                            + " that allows rollback");
        }
        Optional<byte[]> before =
                target.parents().isEmpty()
                        ? Optional.empty()
                        : repository.read(target.parents().getFirst(), path);
        FileChange change =
                before.map(b -> FileChange.write(path, b)).orElse(FileChange.delete(path));
        String message =
                "Roll back "
                        + deployment
                        + ": revert \""
                        + target.subject()
                        + "\"\n\n"
                        + Trailers.DEPLOYMENT
                        + ": "
                        + deployment
                        + "\n"
                        + Trailers.ACTION
                        + ": "
                        + Trailers.ROLLBACK
                        + "\n"
                        + Trailers.REVERTS
                        + ": "
                        + target.id()
                        + "\n";
        CommitInfo commit =
                repository.commit(branch, Optional.of(head.id()), List.of(change), message);
        return new Result(commit, target);
    }

    /** Whether {@code commit} changed {@code path} (against its first parent). */
    private boolean changes(CommitInfo commit, String path) {
        Optional<byte[]> after = repository.read(commit.id(), path);
        Optional<byte[]> before =
                commit.parents().isEmpty()
                        ? Optional.empty()
                        : repository.read(commit.parents().getFirst(), path);
        return !sameBytes(before, after);
    }

    /** A manifest that does not parse here is judged by the reconciler, not by rollback. */
    private boolean rollbackable(String path, byte[] manifest) {
        ManifestLoader.Result result = loader.read(path, DesiredStateRepository.text(manifest));
        return !(result.problems().isEmpty()
                && result.manifests().size() == 1
                && result.manifests().getFirst() instanceof ModelDeployment d
                && !d.policy().rollbackable());
    }

    private static boolean sameBytes(Optional<byte[]> a, Optional<byte[]> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || Arrays.equals(a.get(), b.get()));
    }
}
