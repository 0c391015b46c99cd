package dev.ferry.cli;

import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteSync;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsInit;
import dev.ferry.gitops.repository.GitOpsLayout;
import dev.ferry.gitops.repository.LayoutException;
import dev.ferry.gitops.repository.LayoutFile;
import java.io.PrintWriter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ferry gitops ...}: the desired-state repository. */
@Command(
        name = "gitops",
        description = "The Git repository that declares what each deployment serves.",
        subcommands = {GitOpsCommand.Init.class})
final class GitOpsCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static String branchWord(List<String> branches) {
        return branches.size() == 1 ? "branch " : "branches ";
    }

    /** {@code ferry gitops init}. */
    @Command(
            name = "init",
            description =
                    "Create the repository (if needed) with its layout: one branch per environment"
                            + " (--layout branches, the default) or one directory per environment"
                            + " on one branch (--layout directories), recorded in"
                            + " ferry-gitops.yaml; with --remote, mirror a remote and push the"
                            + " layout to it.")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Mixin GitOpsOptions gitops;

        @Option(
                names = "--remote",
                paramLabel = "URL",
                description =
                        "A Git remote (https://..., ssh://[user@]host[:port]/path,"
                                + " user@host:path or file://...) that holds the desired state;"
                                + " recorded so later commands fetch from and push to it."
                                + " Credentials: FERRY_GIT_USERNAME/FERRY_GIT_TOKEN (HTTPS),"
                                + " FERRY_GIT_SSH_KEY (SSH) or a sealed secret"
                                + " (gitops.credentials in ferry.yaml).")
        String remote;

        @Option(
                names = "--layout",
                paramLabel = "LAYOUT",
                description =
                        "branches: one branch per environment (--staging-branch, --main-branch),"
                                + " manifests in deployments/. directories: one branch"
                                + " (--main-branch) with environments/staging/ and"
                                + " environments/production/. Recorded in ferry-gitops.yaml"
                                + " (default: as recorded, else branches).")
        String layout;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = Workspace.open(global);
                    DesiredStateRepository repo = gitops.open(ws)) {
                Optional<GitRemote> upstream =
                        remote != null
                                ? Optional.of(new GitRemote(remote))
                                : GitOpsOptions.remote(ws, repo);
                if (upstream.isPresent()) {
                    return withRemote(out, ws, repo, upstream.get());
                }
                GitOpsLayout chosen = requested(ws, repo);
                GitOpsInit.Result result = init(repo, chosen);
                out.printf(
                        "%s: %s%n",
                        gitops.directory(ws),
                        result.created() ? "created " + created(chosen) : "already initialised");
                return ExitCode.OK;
            }
        }

        private static GitOpsInit.Result init(DesiredStateRepository repo, GitOpsLayout layout) {
            try {
                return new GitOpsInit(repo, layout).run();
            } catch (LayoutException e) {
                throw new UserInputException(e.getMessage());
            }
        }

        /** The layout asked for with --layout, else the recorded one, else branches. */
        private GitOpsLayout requested(Workspace ws, DesiredStateRepository repo) {
            if (layout == null) {
                return gitops.layout(ws, repo);
            }
            try {
                return chosen();
            } catch (LayoutException e) {
                throw new UserInputException(e.getMessage());
            }
        }

        private GitOpsLayout chosen() {
            return switch (layout) {
                case GitOpsLayout.Branches.KIND ->
                        new GitOpsLayout.Branches(
                                gitops.staging != null ? gitops.staging : GitOpsLayout.STAGING,
                                gitops.mainBranch());
                case GitOpsLayout.Directories.KIND -> {
                    if (gitops.staging != null) {
                        throw new UserInputException(
                                "--staging-branch does not apply to --layout directories: both"
                                        + " environments live on --main-branch ("
                                        + gitops.mainBranch()
                                        + ")");
                    }
                    yield GitOpsLayout.Directories.standard(gitops.mainBranch());
                }
                default ->
                        throw new UserInputException(
                                "--layout '" + layout + "' is not branches or directories");
            };
        }

        private static String created(GitOpsLayout layout) {
            return switch (layout) {
                case GitOpsLayout.Branches b ->
                        "branches "
                                + b.stagingBranch()
                                + " and "
                                + b.productionBranch()
                                + " with README.md, "
                                + LayoutFile.PATH
                                + " and deployments/";
                case GitOpsLayout.Directories d ->
                        "branch "
                                + d.branch()
                                + " with README.md, "
                                + LayoutFile.PATH
                                + ", "
                                + d.stagingDirectory()
                                + "/ and "
                                + d.productionDirectory()
                                + "/";
            };
        }

        private int withRemote(
                PrintWriter out, Workspace ws, DesiredStateRepository repo, GitRemote remote) {
            RemoteSync sync = GitOpsOptions.sync(ws, repo, remote);
            sync.fetchOrFail();
            GitOpsLayout chosen = requested(ws, repo);
            GitOpsInit.Result result = init(repo, chosen);
            List<String> branches = chosen.branches();
            sync.publish(branches);
            GitOpsOptions.recordRemote(repo, remote);
            out.printf(
                    "%s: mirrors %s (%s)%n",
                    gitops.directory(ws),
                    remote,
                    result.created()
                            ? "pushed the layout ("
                                    + chosen.kind()
                                    + ") to "
                                    + branchWord(branches)
                                    + String.join(" and ", branches)
                            : branchWord(branches)
                                    + String.join(" and ", branches)
                                    + " already there");
            return ExitCode.OK;
        }
    }
}
