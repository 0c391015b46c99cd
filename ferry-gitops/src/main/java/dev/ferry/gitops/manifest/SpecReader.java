package dev.ferry.gitops.manifest;

import dev.ferry.api.deployment.ErrorRateRule;
import dev.ferry.api.deployment.LatencyRule;
import dev.ferry.api.deployment.PolicyAction;
import dev.ferry.api.deployment.ReleasePolicy;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.ModelRef;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.manifest.Durations;
import dev.ferry.core.manifest.YamlNode;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Reads typed values out of a deployment's YAML tree. A value of the wrong shape reads as absent:
 * the schema has already reported it at its line and column.
 */
final class SpecReader {
    static final Duration DEFAULT_SUSTAINED = Duration.ofMinutes(1);
    static final double DEFAULT_QUANTILE = 0.99;

    private final List<Problem> problems;

    SpecReader(List<Problem> problems) {
        this.problems = problems;
    }

    Optional<YamlNode.Mapping> mapping(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Mapping)
                .map(YamlNode.Mapping.class::cast);
    }

    Optional<String> string(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof String)
                .map(n -> (String) ((YamlNode.Scalar) n).value());
    }

    Optional<Integer> integer(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof Integer)
                .map(n -> (Integer) ((YamlNode.Scalar) n).value());
    }

    /** An integer of any size; a fraction reads as absent. */
    OptionalLong wholeNumber(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(
                        n ->
                                n instanceof YamlNode.Scalar s
                                        && (s.value() instanceof Integer
                                                || s.value() instanceof Long))
                .map(n -> OptionalLong.of(((Number) ((YamlNode.Scalar) n).value()).longValue()))
                .orElse(OptionalLong.empty());
    }

    Optional<Boolean> bool(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof Boolean)
                .map(n -> (Boolean) ((YamlNode.Scalar) n).value());
    }

    Optional<Double> number(YamlNode.Mapping map, String key) {
        return map.get(key)
                .filter(n -> n instanceof YamlNode.Scalar s && s.value() instanceof Number)
                .map(n -> ((Number) ((YamlNode.Scalar) n).value()).doubleValue());
    }

    Optional<Duration> duration(YamlNode.Mapping map, String key) {
        return string(map, key).flatMap(Durations::parse);
    }

    /** A model reference; one that does not parse is reported where it is written. */
    Optional<ModelRef> model(YamlNode.Mapping map, String key) {
        Optional<String> text = string(map, key);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(ModelRef.parse(text.get()));
        } catch (IllegalArgumentException e) {
            problems.add(new Problem(map.get(key).orElseThrow().at(), e.getMessage()));
            return Optional.empty();
        }
    }

    ReleasePolicy policy(YamlNode.Mapping policy) {
        return new ReleasePolicy(
                mapping(policy, "onErrorRate").flatMap(this::errorRate),
                mapping(policy, "onLatency").flatMap(this::latency),
                bool(policy, "rollbackable").orElse(true));
    }

    private Optional<ErrorRateRule> errorRate(YamlNode.Mapping rule) {
        Optional<Double> above = number(rule, "above");
        Optional<PolicyAction> action = action(rule);
        if (above.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ErrorRateRule(above.get(), sustained(rule), action.get()));
    }

    private Optional<LatencyRule> latency(YamlNode.Mapping rule) {
        Optional<Duration> above = duration(rule, "above");
        Optional<PolicyAction> action = action(rule);
        if (above.isEmpty() || action.isEmpty()) {
            return Optional.empty();
        }
        double quantile = number(rule, "quantile").orElse(DEFAULT_QUANTILE);
        return Optional.of(new LatencyRule(quantile, above.get(), sustained(rule), action.get()));
    }

    private Duration sustained(YamlNode.Mapping rule) {
        return duration(rule, "for").orElse(DEFAULT_SUSTAINED);
    }

    private Optional<PolicyAction> action(YamlNode.Mapping rule) {
        return string(rule, "action")
                .flatMap(
                        a -> {
                            try {
                                return Optional.of(
                                        PolicyAction.valueOf(a.toUpperCase(Locale.ROOT)));
                            } catch (IllegalArgumentException e) {
                                return Optional.empty();
                            }
                        });
    }

    static Optional<RolloutStrategy> strategy(String text) {
        try {
            return Optional.of(RolloutStrategy.fromManifest(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
