package dev.ferry.cli;

import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsInit;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
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
            description = "Create the repository (if needed) with its layout on both branches.")
    static final class Init implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;
        @Mixin GitOpsOptions gitops;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try (Workspace ws = Workspace.open(global);
                    DesiredStateRepository repo = gitops.open(ws)) {
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
    }
}
