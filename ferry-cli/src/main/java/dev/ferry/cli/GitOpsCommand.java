package dev.ferry.cli;

import dev.ferry.gitops.remote.GitRemote;
import dev.ferry.gitops.remote.RemoteSync;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsInit;
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

    /** {@code ferry gitops init}. */
    @Command(
            name = "init",
            description =
                    "Create the repository (if needed) with its layout on both branches; with"
                            + " --remote, mirror a remote and push the layout to it.")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Mixin GitOpsOptions gitops;

        @Option(
                names = "--remote",
                paramLabel = "URL",
                description =
                        "A Git remote (https://... or file://...) that holds the desired state;"
                                + " recorded so later commands fetch from and push to it."
                                + " Credentials: FERRY_GIT_USERNAME/FERRY_GIT_TOKEN or a sealed"
                                + " secret (gitops.credentials in ferry.yaml).")
        String remote;

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
                GitOpsInit.Result result = new GitOpsInit(repo, gitops.layout()).run();
                out.printf(
                        "%s: %s%n",
                        gitops.directory(ws),
                        result.createdProduction() || result.createdStaging()
                                ? "created branches "
                                        + gitops.layout().staging()
                                        + " and "
                                        + gitops.layout().production()
                                        + " with README.md and deployments/"
                                : "already initialised");
                return ExitCode.OK;
            }
        }

        private int withRemote(
                PrintWriter out, Workspace ws, DesiredStateRepository repo, GitRemote remote) {
            RemoteSync sync = GitOpsOptions.sync(ws, repo, remote);
            sync.fetchOrFail();
            GitOpsInit.Result result = new GitOpsInit(repo, gitops.layout()).run();
            List<String> branches =
                    List.of(gitops.layout().production(), gitops.layout().staging());
            sync.publish(branches);
            GitOpsOptions.recordRemote(repo, remote);
            out.printf(
                    "%s: mirrors %s (%s)%n",
                    gitops.directory(ws),
                    remote,
                    result.createdProduction() || result.createdStaging()
                            ? "pushed the layout to branches " + String.join(" and ", branches)
                            : "branches " + String.join(" and ", branches) + " already there");
            return ExitCode.OK;
        }
    }
}
