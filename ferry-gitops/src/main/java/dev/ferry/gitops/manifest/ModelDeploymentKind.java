package dev.ferry.gitops.manifest;

import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.Batching;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.PromotionPolicy;
import dev.ferry.api.deployment.ReleasePolicy;
import dev.ferry.api.deployment.Rollout;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.deployment.Shadow;
import dev.ferry.api.pipeline.Manifest;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.core.manifest.ManifestKind;
import dev.ferry.core.manifest.YamlNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * {@code kind: ModelDeployment}: reads predictors, shadow, batching, replicas, policy and rollout,
 * and checks what the schema cannot: weights summing to 100, unique predictor names, canary steps.
 */
public final class ModelDeploymentKind implements ManifestKind {

    /**
     * The fields of {@code spec:} this kind reads; the schema test keeps it equal to the schema.
     */
    public static final List<String> SPEC_FIELDS =
            List.of(
                    "predictors",
                    "shadow",
                    "batching",
                    "replicas",
                    "policy",
                    "rollout",
                    "promotion");

    static final Duration DEFAULT_MAX_DELAY = Duration.ofMillis(1);

    @Override
    public String kind() {
        return ModelDeployment.KIND;
    }

    @Override
    public String schemaResource() {
        return "schemas/modeldeployment.schema.json";
    }

    @Override
    public Manifest parse(
            YamlNode.Mapping spec, ObjectMeta metadata, SourceLocation at, List<Problem> problems) {
        SpecReader read = new SpecReader(problems);
        List<Predictor> predictors = predictors(spec, read, problems);
        Optional<Shadow> shadow =
                read.mapping(spec, "shadow").flatMap(m -> read.model(m, "model")).map(Shadow::new);
        Optional<Batching> batching =
                read.mapping(spec, "batching")
                        .map(
                                m ->
                                        new Batching(
                                                read.integer(m, "maxBatchSize").orElse(1),
                                                read.duration(m, "maxDelay")
                                                        .orElse(DEFAULT_MAX_DELAY)));
        int replicas = read.integer(spec, "replicas").orElse(1);
        ReleasePolicy policy =
                read.mapping(spec, "policy").map(read::policy).orElse(ReleasePolicy.none());
        Rollout rollout =
                read.mapping(spec, "rollout")
                        .map(m -> rollout(m, read, problems))
                        .orElse(Rollout.rolling());
        PromotionPolicy promotion =
                read.mapping(spec, "promotion")
                        .map(
                                m ->
                                        new PromotionPolicy(
                                                read.bool(m, "auto").orElse(false),
                                                read.string(m, "sample"),
                                                read.number(m, "minAccuracy")
                                                        .map(OptionalDouble::of)
                                                        .orElse(OptionalDouble.empty())))
                        .orElse(PromotionPolicy.manual());
        return new ModelDeployment(
                metadata, predictors, shadow, batching, replicas, policy, rollout, at, promotion);
    }

    private static List<Predictor> predictors(
            YamlNode.Mapping spec, SpecReader read, List<Problem> problems) {
        List<Predictor> predictors = new ArrayList<>();
        if (!(spec.get("predictors").orElse(null) instanceof YamlNode.Sequence sequence)) {
            return predictors;
        }
        Set<String> names = new HashSet<>();
        int total = 0;
        boolean complete = true;
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Mapping m)) {
                complete = false;
                continue;
            }
            Optional<String> name = read.string(m, "name");
            Optional<Integer> weight = read.integer(m, "weight");
            var model = read.model(m, "model");
            if (name.isPresent() && !names.add(name.get())) {
                problems.add(
                        new Problem(
                                m.get("name").orElseThrow().at(),
                                "predictor name '"
                                        + name.get()
                                        + "' is used twice; each predictor needs its own name"));
            }
            if (name.isEmpty() || weight.isEmpty() || model.isEmpty()) {
                complete = false;
                continue;
            }
            total += weight.get();
            predictors.add(new Predictor(name.get(), model.get(), weight.get()));
        }
        // With a predictor already reported as broken, its missing weight would only repeat it.
        if (complete && total != 100) {
            problems.add(
                    new Problem(
                            sequence.at(),
                            "predictor weights add up to "
                                    + total
                                    + ": they must add up to 100 (percent of traffic)"));
        }
        return predictors;
    }

    private static Rollout rollout(YamlNode.Mapping m, SpecReader read, List<Problem> problems) {
        RolloutStrategy strategy =
                read.string(m, "strategy")
                        .flatMap(SpecReader::strategy)
                        .orElse(RolloutStrategy.ROLLING);
        Duration window =
                read.duration(m, "analysisWindow").orElse(Rollout.DEFAULT_ANALYSIS_WINDOW);
        List<Integer> steps = new ArrayList<>();
        Optional<YamlNode> stepsNode = m.get("steps");
        if (stepsNode.orElse(null) instanceof YamlNode.Sequence sequence) {
            for (YamlNode item : sequence.items()) {
                if (item instanceof YamlNode.Scalar s && s.value() instanceof Integer i) {
                    steps.add(i);
                }
            }
            if (strategy != RolloutStrategy.CANARY) {
                problems.add(
                        new Problem(
                                sequence.at(),
                                "'steps' only applies to strategy canary, not "
                                        + strategy.manifestName()));
            } else if (steps.size() == sequence.items().size()) {
                checkSteps(steps, sequence, problems);
            }
        } else if (strategy == RolloutStrategy.CANARY) {
            steps.addAll(Rollout.DEFAULT_CANARY_STEPS);
        }
        Optional<String> stickyBy = read.string(m, "stickyBy");
        if (stickyBy.isPresent() && strategy != RolloutStrategy.AB) {
            problems.add(
                    new Problem(
                            m.get("stickyBy").orElseThrow().at(),
                            "'stickyBy' only applies to strategy ab, not "
                                    + strategy.manifestName()));
        }
        AnalysisThresholds analysis =
                read.mapping(m, "analysis")
                        .map(a -> analysis(a, read))
                        .orElse(AnalysisThresholds.none());
        return new Rollout(strategy, steps, window, stickyBy, analysis);
    }

    /**
     * {@code rollout.analysis}; the schema bounds each value. It is read whatever the strategy, so
     * thresholds written once serve every later canary of the deployment.
     */
    private static AnalysisThresholds analysis(YamlNode.Mapping a, SpecReader read) {
        return new AnalysisThresholds(
                read.wholeNumber(a, "minRequests"),
                optional(read.number(a, "maxErrorRateIncrease")),
                optional(read.number(a, "maxLatencyRatio")),
                read.duration(a, "maxLatencyIncrease"),
                optional(read.number(a, "latencyQuantile")));
    }

    private static OptionalDouble optional(Optional<Double> value) {
        return value.map(OptionalDouble::of).orElse(OptionalDouble.empty());
    }

    private static void checkSteps(
            List<Integer> steps, YamlNode.Sequence sequence, List<Problem> problems) {
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i) <= steps.get(i - 1)) {
                problems.add(
                        new Problem(
                                sequence.items().get(i).at(),
                                "canary step "
                                        + steps.get(i)
                                        + " does not increase the traffic after "
                                        + steps.get(i - 1)
                                        + ": steps must increase, e.g. [10, 50, 100]"));
                return;
            }
        }
        if (steps.getLast() != 100) {
            problems.add(
                    new Problem(
                            sequence.items().getLast().at(),
                            "the last canary step is "
                                    + steps.getLast()
                                    + ": it must be 100 so the canary ends up taking all traffic"));
        }
    }
}
