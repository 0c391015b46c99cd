package dev.ferry.gitops.promotion;

import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.ModelRef;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code ferry promote DEPLOYMENT --model REF [--strategy S] [--weight N]}.
 *
 * @param deployment the deployment to change
 * @param model the model version to promote, resolved through the registry
 * @param strategy how the new version reaches traffic
 * @param weight for canary and A/B: the new version's share of traffic in percent
 * @param rollbackable false marks the release as not rollback-able ({@code
 *     spec.policy.rollbackable: false})
 * @param analysisWindow for a canary: how long each step is observed (default: as before)
 */
public record PromotionRequest(
        String deployment,
        ModelRef model,
        RolloutStrategy strategy,
        OptionalInt weight,
        boolean rollbackable,
        Optional<Duration> analysisWindow) {

    /** A release with the deployment's analysis window. */
    public PromotionRequest(
            String deployment,
            ModelRef model,
            RolloutStrategy strategy,
            OptionalInt weight,
            boolean rollbackable) {
        this(deployment, model, strategy, weight, rollbackable, Optional.empty());
    }

    /** A release that may be rolled back. */
    public PromotionRequest(
            String deployment, ModelRef model, RolloutStrategy strategy, OptionalInt weight) {
        this(deployment, model, strategy, weight, true);
    }
}
