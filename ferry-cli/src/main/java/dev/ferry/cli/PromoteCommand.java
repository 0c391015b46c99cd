package dev.ferry.cli;

import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.ModelNotFoundException;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.core.manifest.Durations;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.promotion.Promoter;
import dev.ferry.gitops.promotion.PromotionRequest;
import dev.ferry.gitops.repository.DesiredStateRepository;
import dev.ferry.gitops.repository.GitOpsLayout;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code ferry promote DEPLOYMENT --model REF}: one commit in the staging environment. */
@Command(
        name = "promote",
        description =
                "Declare a registered model version for a deployment: one commit in the staging"
                        + " environment (the staging branch, or the staging directory).")
final class PromoteCommand implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin GlobalOptions global;
    @Mixin GitOpsOptions gitops;

    @Parameters(paramLabel = "DEPLOYMENT", description = "The deployment's name.")
    String deployment;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "REF",
            description = "name@VERSION, name@ALIAS or name@latest.")
    String model;

    @Option(
            names = "--strategy",
            defaultValue = "rolling",
            paramLabel = "STRATEGY",
            description = "rolling, canary, shadow or ab (default: ${DEFAULT-VALUE}).")
    String strategy;

    @Option(
            names = "--weight",
            paramLabel = "N",
            description = "canary and ab: the new version's share of traffic in percent.")
    Integer weight;

    @Option(
            names = "--gate",
            defaultValue = "none",
            paramLabel = "SERVER",
            description =
                    "After the commit, run the staging gate and open a promotion request to"
                            + " production: in-process (a staging server in this process),"
                            + " http(s)://HOST:PORT (a running ferry serve), or none (default:"
                            + " ${DEFAULT-VALUE}).")
    String gate;

    @Option(
            names = "--analysis-window",
            paramLabel = "DURATION",
            description = "canary: how long each step is observed before the next (e.g. 30s).")
    String analysisWindow;

    @Option(
            names = "--not-rollbackable",
            description =
                    "Mark this release as not rollback-able: ferry rollback refuses it and a"
                            + " rollback policy only alerts.")
    boolean notRollbackable;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PromotionRequest request;
        try {
            request =
                    new PromotionRequest(
                            deployment,
                            ModelRef.parse(model),
                            RolloutStrategy.fromManifest(strategy),
                            weight == null ? OptionalInt.empty() : OptionalInt.of(weight),
                            !notRollbackable,
                            Optional.ofNullable(analysisWindow)
                                    .map(
                                            w ->
                                                    Durations.parse(w)
                                                            .orElseThrow(
                                                                    () ->
                                                                            new IllegalArgumentException(
                                                                                    "--analysis-window"
                                                                                        + " '"
                                                                                            + w
                                                                                            + "' is not"
                                                                                            + " a duration"
                                                                                            + " (e.g."
                                                                                            + " 30s,"
                                                                                            + " 2m)"))));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage());
        }
        try (Workspace ws = Workspace.open(global);
                DesiredStateRepository repo = gitops.open(ws)) {
            GitOpsLayout layout = gitops.layout(ws, repo);
            Promoter promoter =
                    new Promoter(repo, layout, ws.registry(), ManifestLoader.standard());
            Promoter.Promotion p =
                    GitOpsOptions.upstream(ws, repo)
                            .write(layout.staging().branch(), () -> promoter.promote(request));
            out.printf("%s %s%n", p.commit().shortId(), p.commit().subject());
            if (gate.equals("none")) {
                return ExitCode.OK;
            }
            try (StagingServer staging = StagingServer.open(ws, gate)) {
                Promotion opened =
                        gitops.requests(ws, repo).open(deployment, staging.gate(ws, repo));
                PromotionsCommand.describe(out, opened);
                return opened.state() == PromotionState.FAILED ? ExitCode.FAILED : ExitCode.OK;
            }
        } catch (ModelNotFoundException e) {
            throw new UserInputException(e.getMessage());
        }
    }
}
