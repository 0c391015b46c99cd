package dev.ferry.cli;

import picocli.AutoComplete.GenerateCompletion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The root {@code ferry} command; it only dispatches to subcommands. */
@Command(
        name = "ferry",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Ferry carries models from data to production and back again.",
        subcommands = {
            InitCommand.class,
            RunCommand.class,
            ValidateCommand.class,
            RunsCommand.class,
            ShowCommand.class,
            LogsCommand.class,
            ResumeCommand.class,
            ApproveCommand.class,
            ExplainCommand.class,
            LineageCommand.class,
            ModelsCommand.class,
            ServeCommand.class,
            GcCommand.class,
            GitOpsCommand.class,
            PromoteCommand.class,
            RollbackCommand.class,
            PromotionsCommand.class,
            PromotionsCommand.Approve.class,
            PromotionsCommand.Reject.class,
            SecretCommand.class,
            ReconcileCommand.class,
            DeploymentsCommand.class,
            RolloutsCommand.class,
            SuspendCommand.Suspend.class,
            GenerateCompletion.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:success",
            "1:a run or operation failed",
            "2:invalid input (flags, manifests, unknown names)",
            "3:environment unavailable (database, service, build)",
            "4:run suspended, waiting for approval",
            "130:interrupted; the run was recorded as cancelled"
        })
public final class FerryCommand implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "a command is required");
    }
}
