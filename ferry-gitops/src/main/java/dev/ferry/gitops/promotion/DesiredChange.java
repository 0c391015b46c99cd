package dev.ferry.gitops.promotion;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.ReleasePolicy;
import dev.ferry.api.deployment.Rollout;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.deployment.Shadow;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.gitops.repository.GitOpsException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What a promotion does to a deployment, as a pure function of the current manifest (if any), the
 * pinned model version, the strategy and the weight.
 */
final class DesiredChange {
    static final int DEFAULT_CANARY_WEIGHT = 10;
    static final int DEFAULT_AB_WEIGHT = 50;

    private DesiredChange() {}

    static ModelDeployment apply(
            String name,
            String path,
            Optional<ModelDeployment> current,
            ModelRef pinned,
            RolloutStrategy strategy,
            java.util.OptionalInt weight,
            boolean rollbackable,
            Optional<java.time.Duration> analysisWindow) {
        if (weight.isPresent()
                && strategy != RolloutStrategy.CANARY
                && strategy != RolloutStrategy.AB) {
            throw new GitOpsException(
                    "--weight applies to --strategy canary or ab, not " + strategy.manifestName());
        }
        if (current.isEmpty() && strategy != RolloutStrategy.ROLLING) {
            throw new GitOpsException(
                    "deployment "
                            + name
                            + " has no "
                            + path
                            + " yet: a "
                            + strategy.manifestName()
                            + " release needs a version already serving; promote with --strategy"
                            + " rolling first");
        }
        ModelDeployment base =
                current.orElseGet(
                        () ->
                                new ModelDeployment(
                                        ObjectMeta.named(name),
                                        List.of(),
                                        Optional.empty(),
                                        Optional.empty(),
                                        1,
                                        ReleasePolicy.none(),
                                        Rollout.rolling(),
                                        SourceLocation.unknown(path)));
        Optional<Predictor> primary =
                base.predictors().stream().max(Comparator.comparingInt(Predictor::weight));
        String primaryName = primary.map(Predictor::name).orElse("main");
        List<Predictor> predictors = new ArrayList<>();
        Optional<Shadow> shadow = base.shadow();
        Rollout rollout;
        switch (strategy) {
            case ROLLING -> {
                predictors.add(new Predictor(primaryName, pinned, 100));
                rollout =
                        new Rollout(
                                RolloutStrategy.ROLLING,
                                List.of(),
                                base.rollout().analysisWindow(),
                                Optional.empty(),
                                base.rollout().analysis());
            }
            case CANARY, AB -> {
                int w =
                        percent(
                                weight.orElse(
                                        strategy == RolloutStrategy.CANARY
                                                ? DEFAULT_CANARY_WEIGHT
                                                : DEFAULT_AB_WEIGHT));
                String second = strategy == RolloutStrategy.CANARY ? "canary" : "challenger";
                if (second.equals(primaryName)) {
                    second = "candidate";
                }
                predictors.add(new Predictor(primaryName, primary.orElseThrow().model(), 100 - w));
                predictors.add(new Predictor(second, pinned, w));
                rollout =
                        new Rollout(
                                strategy,
                                strategy == RolloutStrategy.CANARY
                                        ? steps(w, base.rollout())
                                        : List.of(),
                                analysisWindow.orElse(base.rollout().analysisWindow()),
                                strategy == RolloutStrategy.AB
                                        ? base.rollout().stickyBy()
                                        : Optional.empty(),
                                base.rollout().analysis());
            }
            case SHADOW -> {
                predictors.addAll(base.predictors());
                shadow = Optional.of(new Shadow(pinned));
                rollout =
                        new Rollout(
                                RolloutStrategy.SHADOW,
                                List.of(),
                                base.rollout().analysisWindow(),
                                Optional.empty(),
                                base.rollout().analysis());
            }
            default -> throw new IllegalStateException(strategy.name());
        }
        return new ModelDeployment(
                base.metadata(),
                predictors,
                shadow,
                base.batching(),
                base.replicas(),
                new ReleasePolicy(
                        base.policy().onErrorRate(), base.policy().onLatency(), rollbackable),
                rollout,
                base.location(),
                base.promotion());
    }

    private static int percent(int w) {
        if (w < 1 || w > 99) {
            throw new GitOpsException(
                    "--weight must be between 1 and 99 (percent of traffic for the new version),"
                            + " got "
                            + w);
        }
        return w;
    }

    /** The canary starts at its weight, then takes the later steps of the usual plan. */
    private static List<Integer> steps(int w, Rollout previous) {
        List<Integer> plan =
                previous.strategy() == RolloutStrategy.CANARY && !previous.steps().isEmpty()
                        ? previous.steps()
                        : Rollout.DEFAULT_CANARY_STEPS;
        List<Integer> steps = new ArrayList<>();
        steps.add(w);
        plan.stream().filter(s -> s > w).forEach(steps::add);
        return steps;
    }
}
