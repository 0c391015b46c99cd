package dev.ferry.cli;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.core.engine.EngineException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry resume RUN}: continues a failed, cancelled or crashed run; {@code ferry resume
 * DEPLOYMENT}: reconciles a suspended deployment again. A suspended deployment's exact name wins
 * over a run id prefix.
 */
@Command(
        name = "resume",
        description = {
            "Continue a failed, cancelled or crashed run, reusing every finished step;",
            "or reconcile a suspended deployment again (ferry resume DEPLOYMENT)."
        })
final class ResumeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(
            paramLabel = "RUN|DEPLOYMENT",
            description = "Run id or a unique prefix, or a suspended deployment's name.")
    String run;

    @Option(names = "--plain", description = "Plain line output even on a terminal.")
    boolean plain;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(global)) {
            boolean suspendedDeployment =
                    ws.rollouts()
                            .status(run)
                            .map(dev.ferry.api.rollout.DeploymentStatus::suspended)
                            .orElse(false);
            if (suspendedDeployment) {
                return SuspendCommand.set(ws, run, false, spec);
            }
            RunRecord record = ws.run(run);
            String id = record.id();
            return new RunDriver(ws, spec.commandLine().getOut(), plain)
                    .drive(
                            listener -> {
                                try {
                                    return ws.engineFor(record).resume(id, listener);
                                } catch (EngineException e) {
                                    throw new UserInputException(e.getMessage());
                                }
                            });
        }
    }
}
