package dev.ferry.cli;

import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.PromotionRequests;
import dev.ferry.gitops.remote.GitCredentials;
import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteSync;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.StoredConfig;
import picocli.CommandLine.Option;

/** Where the desired-state repository is and which branches it uses. */
final class GitOpsOptions {
    /** The repository's directory inside {@code FERRY_HOME} when none is given. */
    static final String DEFAULT_DIRECTORY = "gitops.git";

    @Option(
            names = "--gitops",
            paramLabel = "DIR",
            description =
                    "The desired-state repository (a bare Git repository; default"
                            + " HOME/gitops.git).")
    Path directory;

    @Option(
            names = "--staging-branch",
            paramLabel = "BRANCH",
            defaultValue = "staging",
            description = "The branch promotions are written to (default: ${DEFAULT-VALUE}).")
    String staging;

    @Option(
            names = "--main-branch",
            paramLabel = "BRANCH",
            defaultValue = "main",
            description = "The branch production follows (default: ${DEFAULT-VALUE}).")
    String production;

    GitOpsLayout layout() {
        return new GitOpsLayout(staging, production);
    }

    Path directory(Workspace ws) {
        return directory != null ? directory : ws.config().home().resolve(DEFAULT_DIRECTORY);
    }

    DesiredStateRepository open(Workspace ws) {
        return DesiredStateRepository.open(directory(ws));
    }

    /**
     * The remote the repository mirrors: {@code FERRY_GITOPS_REMOTE} or {@code gitops.remote} in
     * {@code ferry.yaml}, else the one {@code ferry gitops init --remote} recorded in the
     * repository; empty when the local repository is the desired state.
     */
    static Optional<GitRemote> remote(Workspace ws, DesiredStateRepository repo) {
        return ws.config().gitops().remote().or(() -> recordedRemote(repo)).map(GitRemote::new);
    }

    /** Where fetches and pushes go, with credentials from the environment. */
    static Upstream upstream(Workspace ws, DesiredStateRepository repo) {
        return remote(ws, repo)
                .<Upstream>map(r -> RemoteSync.of(repo, r, credentials(ws, r)))
                .orElseGet(Upstream::local);
    }

    /** Promotion requests on this repository, recorded in the workspace's metadata store. */
    PromotionRequests requests(Workspace ws, DesiredStateRepository repo) {
        return new PromotionRequests(
                repo,
                layout(),
                upstream(ws, repo),
                new DesiredStateReader(repo, ManifestLoader.standard()),
                ws.promotions(),
                ws.clock(),
                Ids.system());
    }

    static RemoteSync sync(Workspace ws, DesiredStateRepository repo, GitRemote remote) {
        return RemoteSync.of(repo, remote, credentials(ws, remote));
    }

    /** {@code FERRY_GIT_TOKEN} (and {@code FERRY_GIT_USERNAME}), else the sealed secret. */
    static Optional<GitCredentials> credentials(Workspace ws, GitRemote remote) {
        if (remote.isLocal()) {
            return Optional.empty();
        }
        Map<String, String> env = System.getenv();
        return GitCredentials.fromEnvironment(env).or(() -> ws.sealedGitCredentials(env));
    }

    /** Remembers the remote in the repository's own Git config, as {@code remote.origin.url}. */
    static void recordRemote(DesiredStateRepository repo, GitRemote remote) {
        StoredConfig config = repo.repository().getConfig();
        config.setString("remote", "origin", "url", remote.url());
        try {
            config.save();
        } catch (IOException e) {
            throw new GitOpsException(
                    "cannot record the remote in "
                            + repo.repository().getDirectory()
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    private static Optional<String> recordedRemote(DesiredStateRepository repo) {
        return Optional.ofNullable(
                        repo.repository().getConfig().getString("remote", "origin", "url"))
                .filter(u -> !u.isBlank());
    }
}
