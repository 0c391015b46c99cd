package dev.ferry.cli;

import dev.ferry.api.rollout.DeploymentStatus;
import dev.ferry.api.rollout.RolloutStore;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry suspend DEPLOYMENT} (and {@code ferry resume DEPLOYMENT}, through {@link
 * ResumeCommand}): whether the reconciler may touch a deployment.
 */
final class SuspendCommand {
    private SuspendCommand() {}

    static int set(Workspace ws, String deployment, boolean suspended, CommandSpec spec) {
        RolloutStore store = ws.rollouts();
        Instant now = ws.clock().instant();
        DeploymentStatus s =
                store.status(deployment).orElseGet(() -> DeploymentStatus.initial(deployment, now));
        if (s.suspended() == suspended) {
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s is already %s%n",
                            deployment, suspended ? "suspended" : "reconciled");
            return ExitCode.OK;
        }
        store.saveStatus(
                s.withSuspended(
                        suspended,
                        suspended
                                ? "suspended by ferry suspend: the reconciler leaves it as it is"
                                : "resumed by ferry resume",
                        now));
        spec.commandLine()
                .getOut()
                .printf(
                        "%s %s%n",
                        deployment,
                        suspended
                                ? "suspended: the reconciler leaves it as it is until 'ferry resume"
                                        + " "
                                        + deployment
                                        + "'"
                                : "resumed: the next reconcile brings it to the desired state");
        return ExitCode.OK;
    }

    /** {@code ferry suspend DEPLOYMENT}. */
    @Command(
            name = "suspend",
            description = "Stop reconciling a deployment: it keeps serving as it is.")
    static final class Suspend implements Callable<Integer> {
        @Spec CommandSpec spec;
        @Mixin GlobalOptions global;

        @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment's name.")
        String deployment;

        @Override
        public Integer call() {
            try (Workspace ws = Workspace.open(global)) {
                return set(ws, deployment, true, spec);
            }
        }
    }
}
