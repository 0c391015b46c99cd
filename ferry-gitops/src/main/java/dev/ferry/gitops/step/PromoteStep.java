package dev.ferry.gitops.step;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.promotion.Promotion;
import dev.ferry.api.promotion.PromotionState;
import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import dev.ferry.api.step.StepSignature;
import dev.ferry.gitops.promotion.PromotionRequest;
import dev.ferry.gitops.promotion.Trailers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;

/**
 * {@code ferry/promote}: declares a registered model version for a deployment with one commit on
 * the staging branch, whose trailers carry the version, the model's metrics, this run and step, and
 * the evaluation's verdict; with {@code gate:}, runs the staging gate and opens a promotion
 * request. Never served from the cache: a commit in Git is an effect outside Ferry's stores.
 */
public final class PromoteStep implements Step {

    @Override
    public String name() {
        return "ferry/promote";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public boolean cacheable() {
        return false;
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("deployment", "model"),
                Set.of("strategy", "weight", "gate", "verdict"),
                Set.of("commit", "version", "promotion", "state"));
    }

    @Override
    public void execute(StepContext context) throws IOException {
        String step = "step '" + context.stepName() + "'";
        PromotionRequest request;
        try {
            request =
                    new PromotionRequest(
                            context.string("deployment"),
                            ModelRef.parse(context.string("model")),
                            RolloutStrategy.fromManifest(
                                    context.optional("strategy")
                                            .map(String::valueOf)
                                            .orElse("rolling")),
                            context.optional("weight").isPresent()
                                    ? OptionalInt.of((int) context.number("weight"))
                                    : OptionalInt.empty());
        } catch (IllegalArgumentException e) {
            throw new StepException(step + ": " + e.getMessage());
        }
        PromotionService service =
                context.service(PromotionService.class)
                        .orElseThrow(
                                () ->
                                        new StepException(
                                                step
                                                        + " needs the desired-state repository,"
                                                        + " which this engine does not offer; run"
                                                        + " it with ferry run"));
        Map<String, String> trailers = new LinkedHashMap<>();
        trailers.put(Trailers.PIPELINE_RUN, context.runId());
        trailers.put(Trailers.PIPELINE_STEP, context.stepName());
        if (context.optional("verdict").isPresent()) {
            trailers.put(Trailers.GATE, verdict(context.path("verdict")));
        }
        String gate = context.optional("gate").map(String::valueOf).orElse("none");
        PromotionService.Outcome outcome = service.promote(request, trailers, gate);
        context.value("commit", outcome.commit().id());
        context.value("version", outcome.version().ref().toString());
        context.value("promotion", outcome.request().map(Promotion::id).orElse(""));
        context.value(
                "state",
                outcome.request().map(p -> p.state().name().toLowerCase()).orElse("staged"));
        context.log(
                (outcome.created() ? "committed " : "already declared at ")
                        + outcome.commit().shortId()
                        + ": "
                        + outcome.commit().subject());
        outcome.request()
                .ifPresent(
                        p ->
                                context.log(
                                        "promotion request "
                                                + p.id()
                                                + ": "
                                                + p.state().name().toLowerCase()
                                                + p.note().map(n -> " (" + n + ")").orElse("")));
        if (outcome.request().map(p -> p.state() == PromotionState.FAILED).orElse(false)) {
            throw new StepException(
                    step
                            + ": "
                            + outcome.request().get().note().orElse("the staging gate failed")
                            + "; staging declares it (commit "
                            + outcome.commit().shortId()
                            + ") but it will not reach production");
        }
    }

    /** {@code passed} or {@code failed}, with each check of a ferry/evaluate verdict. */
    static String verdict(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        if (root == null || !root.has("passed")) {
            throw new StepException(
                    "verdict: " + file + " is not a verdict of ferry/evaluate (no 'passed')");
        }
        List<String> checks = new ArrayList<>();
        for (JsonNode c : root.path("checks")) {
            String reason = c.path("reason").asText("");
            checks.add(
                    reason.isEmpty()
                            ? c.path("check").asText() + " " + c.path("actual").asText()
                            : reason);
        }
        return (root.path("passed").asBoolean() ? "passed" : "failed")
                + (checks.isEmpty() ? "" : " (" + String.join("; ", checks) + ")");
    }
}
