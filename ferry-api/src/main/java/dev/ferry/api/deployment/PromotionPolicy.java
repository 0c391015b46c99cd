package dev.ferry.api.deployment;

import java.util.Optional;
import java.util.OptionalDouble;

/**
 * How a change verified on the staging branch reaches the production branch ({@code
 * spec.promotion}).
 *
 * @param auto merge as soon as the staging gate passes; otherwise wait for an approval
 * @param sample a JSON-lines file in the desired-state repository for the accuracy check
 * @param minAccuracy the share of sample lines that must be answered as expected
 */
public record PromotionPolicy(boolean auto, Optional<String> sample, OptionalDouble minAccuracy) {

    /** Wait for an approval; no accuracy check. */
    public static PromotionPolicy manual() {
        return new PromotionPolicy(false, Optional.empty(), OptionalDouble.empty());
    }
}
