package dev.ferry.cli;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.core.engine.EngineException;
import dev.ferry.core.engine.RunHandle;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code ferry approve RUN STEP}: lets a suspended step pass. If the engine that runs it is alive
 * it continues there; otherwise this command continues the run in the foreground.
 */
@Command(name = "approve", description = "Approve a step that waits in a suspend: gate.")
final class ApproveCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;

    @Parameters(index = "0", paramLabel = "RUN", description = "Run id or a unique prefix.")
    String run;

    @Parameters(index = "1", paramLabel = "STEP", description = "The suspended step.")
    String step;

    @Option(names = "--by", description = "Who approves (default: the current user).")
    String by = System.getProperty("user.name", "unknown");

    @Option(names = "--plain", description = "Plain line output even on a terminal.")
    boolean plain;

    @Override
    public Integer call() {
        try (Workspace ws = Workspace.open(global)) {
            RunRecord record = ws.run(run);
            String id = record.id();
            RunDriver driver = new RunDriver(ws, spec.commandLine().getOut(), plain);
            Optional<RunHandle> resumed;
            try {
                resumed = ws.engineFor(record).approve(id, step, by, driver.listener());
            } catch (EngineException e) {
                throw new UserInputException(e.getMessage());
            }
            if (resumed.isEmpty()) {
                spec.commandLine()
                        .getOut()
                        .printf(
                                "approved step '%s' of run %s; the engine running it continues%n",
                                step, id);
                return ExitCode.OK;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "approved step '%s'; no engine was running %s, continuing it here%n",
                            step, id);
            return driver.drive(listener -> resumed.get());
        }
    }
}
