package dev.ferry.cli;

import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.Environment;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry rollback DEPLOYMENT}: a commit reverting the deployment's last promotion in one
 * environment.
 */
@Command(name = "rollback", description = "Revert a deployment's last promotion with a new commit.")
final class RollbackCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;
    @Mixin GitOpsOptions gitops;

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment's name.")
    String deployment;

    @Option(
            names = "--environment",
            paramLabel = "ENV",
            description = "staging or production: where to revert (default: staging).")
    String environment;

    @Option(
            names = "--branch",
            paramLabel = "BRANCH",
            description = "Layout branches: the branch to revert on (default: the staging branch).")
    String branch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global);
                DesiredStateRepository repo = gitops.open(ws)) {
            Environment target =
                    GitOpsOptions.environment(
                            gitops.layout(ws, repo), environment, branch, GitOpsLayout::staging);
            Rollback.Result r =
                    GitOpsOptions.upstream(ws, repo)
                            .write(
                                    target.branch(),
                                    () -> new Rollback(repo).rollback(deployment, target));
            out.printf("%s %s%n", r.commit().shortId(), r.commit().subject());
            return ExitCode.OK;
        }
    }
}
