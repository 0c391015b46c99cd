package dev.ferry.cli;

import dev.ferry.gitops.promotion.Rollback;
import dev.ferry.gitops.repository.DesiredStateRepository;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry rollback DEPLOYMENT}: a commit reverting the deployment's last promotion. */
@Command(name = "rollback", description = "Revert a deployment's last promotion with a new commit.")
final class RollbackCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;
    @Mixin GitOpsOptions gitops;

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment's name.")
    String deployment;

    @Option(
            names = "--branch",
            paramLabel = "BRANCH",
            description = "The branch to revert on (default: the staging branch).")
    String branch;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try (Workspace ws = Workspace.open(global);
                DesiredStateRepository repo = gitops.open(ws)) {
            String target = branch != null ? branch : gitops.layout().staging();
            Rollback.Result r =
                    GitOpsOptions.upstream(ws, repo)
                            .write(target, () -> new Rollback(repo).rollback(deployment, target));
            out.printf("%s %s%n", r.commit().shortId(), r.commit().subject());
            return ExitCode.OK;
        }
    }
}
