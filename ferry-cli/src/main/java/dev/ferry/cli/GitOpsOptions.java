package dev.ferry.cli;

import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.Ids;
import dev.ferry.gitops.desired.DesiredStateReader;
import dev.ferry.gitops.promotion.PromotionRequests;
import dev.ferry.gitops.remote.GitCredentials;
import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteAccess;
import dev.ferry.gitops.remote.RemoteSync;
import dev.ferry.gitops.remote.SshAccess;
import dev.ferry.gitops.remote.Upstream;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.GitOpsException;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.repository.LayoutException;
import dev.ferry.gitops.repository.LayoutFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.StoredConfig;
import picocli.CommandLine.Option;

/** Where the desired-state repository is and which layout (branches or directories) it has. */
final class GitOpsOptions {
    /** The repository's directory inside {@code FERRY_HOME} when none is given. */
    static final String DEFAULT_DIRECTORY = "gitops.git";

    /** The production branch when {@code --main-branch} is not given. */
    static final String DEFAULT_MAIN = "main";

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
            description =
                    "Layout branches: the branch promotions are written to (default: as the"
                            + " repository records it, else staging).")
    String staging;

    @Option(
            names = "--main-branch",
            paramLabel = "BRANCH",
            description =
                    "The branch production follows, which holds ferry-gitops.yaml (the layout);"
                            + " for layout directories the only branch (default: main).")
    String production;

    /** The production branch the options name, where the layout file is read. */
    String mainBranch() {
        return production != null ? production : DEFAULT_MAIN;
    }

    /**
     * The layout {@code ferry-gitops.yaml} records on the main branch (fetched first when only the
     * remote has it yet); a repository without the file has branches {@code --staging-branch} and
     * {@code --main-branch}.
     *
     * @throws UserInputException when the layout file is invalid, or a branch option is not a
     *     branch name or contradicts the recorded layout
     */
    GitOpsLayout layout(Workspace ws, DesiredStateRepository repo) {
        String main = mainBranch();
        if (repo.head(main).isEmpty() && remote(ws, repo).isPresent()) {
            upstream(ws, repo).fetch();
        }
        Optional<GitOpsLayout> recorded;
        try {
            recorded = new LayoutFile(repo, ManifestLoader.standard()).read(main);
            if (recorded.isEmpty()) {
                return new GitOpsLayout.Branches(
                        staging != null ? staging : GitOpsLayout.STAGING, main);
            }
        } catch (LayoutException e) {
            throw new UserInputException(e.getMessage());
        }
        GitOpsLayout layout = recorded.get();
        if (staging != null) {
            switch (layout) {
                case GitOpsLayout.Branches b when !b.stagingBranch().equals(staging) ->
                        throw new UserInputException(
                                "--staging-branch "
                                        + staging
                                        + " contradicts "
                                        + LayoutFile.PATH
                                        + " on branch "
                                        + main
                                        + ", which records staging branch "
                                        + b.stagingBranch()
                                        + ": drop the option");
                case GitOpsLayout.Directories d ->
                        throw new UserInputException(
                                "--staging-branch does not apply: "
                                        + LayoutFile.PATH
                                        + " on branch "
                                        + main
                                        + " records one directory per environment ("
                                        + d.stagingDirectory()
                                        + "/ and "
                                        + d.productionDirectory()
                                        + "/); drop the option");
                default -> {}
            }
        }
        return layout;
    }

    /** The layout {@code ferry/promote} steps use: the one recorded, else the default branches. */
    static GitOpsLayout recorded(Workspace ws, DesiredStateRepository repo) {
        return new GitOpsOptions().layout(ws, repo);
    }

    /**
     * The environment {@code --environment} names, else the one {@code --branch} names (the branch
     * layout only), else {@code fallback}.
     */
    static Environment environment(
            GitOpsLayout layout,
            String environment,
            String branch,
            java.util.function.Function<GitOpsLayout, Environment> fallback) {
        if (environment != null && branch != null) {
            throw new UserInputException("give --environment or --branch, not both");
        }
        if (environment != null) {
            try {
                return layout.environment(environment);
            } catch (GitOpsException e) {
                throw new UserInputException("--environment: " + e.getMessage());
            }
        }
        if (branch != null) {
            if (layout instanceof GitOpsLayout.Directories d) {
                throw new UserInputException(
                        "--branch does not apply: this repository keeps one directory per"
                                + " environment on branch "
                                + d.branch()
                                + "; use --environment staging or --environment production");
            }
            return Environment.ofBranch(branch);
        }
        return fallback.apply(layout);
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
                layout(ws, repo),
                upstream(ws, repo),
                new DesiredStateReader(repo, ManifestLoader.standard()),
                ws.promotions(),
                ws.clock(),
                Ids.system());
    }

    static RemoteSync sync(Workspace ws, DesiredStateRepository repo, GitRemote remote) {
        return RemoteSync.of(repo, remote, credentials(ws, remote));
    }

    /**
     * How to reach {@code remote}: over SSH with the key from {@code FERRY_GIT_SSH_KEY} or the
     * sealed secret; over HTTPS with {@code FERRY_GIT_TOKEN} (and {@code FERRY_GIT_USERNAME}), else
     * the sealed secret; {@code file://} needs nothing.
     */
    static RemoteAccess credentials(Workspace ws, GitRemote remote) {
        if (remote.isLocal()) {
            return RemoteAccess.none();
        }
        Map<String, String> env = System.getenv();
        if (remote.isSsh()) {
            return SshAccess.fromEnvironment(remote, env, ws::sealedGitSecret);
        }
        return GitCredentials.fromEnvironment(env)
                .<RemoteAccess>map(c -> c)
                .or(
                        () ->
                                ws.sealedGitSecret()
                                        .map(
                                                token ->
                                                        new GitCredentials(
                                                                GitCredentials.username(env),
                                                                token)))
                .orElseGet(RemoteAccess::none);
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
