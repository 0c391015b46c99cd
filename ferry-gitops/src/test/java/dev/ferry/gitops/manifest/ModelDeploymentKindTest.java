package dev.ferry.gitops.manifest;

import static dev.ferry.gitops.manifest.MnistDeploymentManifests.load;
import static dev.ferry.gitops.manifest.MnistDeploymentManifests.manifest;
import static dev.ferry.gitops.manifest.MnistDeploymentManifests.problems;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.ErrorRateRule;
import dev.ferry.api.deployment.LatencyRule;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.PolicyAction;
import dev.ferry.api.deployment.Predictor;
import dev.ferry.api.deployment.RolloutStrategy;
import dev.ferry.api.model.ModelRef;
import dev.ferry.core.validation.ManifestValidator;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ModelDeploymentKindTest {
    private static final String FULL =
            """
            apiVersion: ferry.dev/v1
            kind: ModelDeployment
            metadata:
              name: mnist
            spec:
              predictors:
                - name: stable
                  model: mnist@champion
                  weight: 90
                - name: canary
                  model: mnist@4
                  weight: 10
              shadow:
                model: mnist@challenger
              batching:
                maxBatchSize: 32
                maxDelay: 2ms
              replicas: 2
              policy:
                onErrorRate:
                  above: 0.05
                  for: 2m
                  action: rollback
                onLatency:
                  above: 250ms
                  action: alert
              rollout:
                strategy: canary
                steps: [10, 50, 100]
                analysisWindow: 30s
            """;

    @Test
    void readsEveryPartOfAFullDeployment() {
        ModelDeployment d = load(FULL);
        assertThat(d.name()).isEqualTo("mnist");
        assertThat(d.predictors())
                .containsExactly(
                        new Predictor("stable", ModelRef.parse("mnist@champion"), 90),
                        new Predictor("canary", ModelRef.parse("mnist@4"), 10));
        assertThat(d.shadow().orElseThrow().model()).isEqualTo(ModelRef.parse("mnist@challenger"));
        assertThat(d.batching().orElseThrow().maxBatchSize()).isEqualTo(32);
        assertThat(d.batching().orElseThrow().maxDelay()).isEqualTo(Duration.ofMillis(2));
        assertThat(d.replicas()).isEqualTo(2);
        assertThat(d.policy().onErrorRate())
                .contains(new ErrorRateRule(0.05, Duration.ofMinutes(2), PolicyAction.ROLLBACK));
        assertThat(d.policy().onLatency())
                .contains(
                        new LatencyRule(
                                0.99,
                                Duration.ofMillis(250),
                                Duration.ofMinutes(1),
                                PolicyAction.ALERT));
        assertThat(d.rollout().strategy()).isEqualTo(RolloutStrategy.CANARY);
        assertThat(d.rollout().steps()).containsExactly(10, 50, 100);
        assertThat(d.rollout().analysisWindow()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void fillsDefaultsForAMinimalDeployment() {
        ModelDeployment d = load(manifest("- {name: main, model: mnist, weight: 100}", ""));
        assertThat(d.predictors().getFirst().model().selector()).isEqualTo(new ModelRef.Latest());
        assertThat(d.replicas()).isEqualTo(1);
        assertThat(d.shadow()).isEmpty();
        assertThat(d.batching()).isEmpty();
        assertThat(d.policy().onErrorRate()).isEmpty();
        assertThat(d.rollout().strategy()).isEqualTo(RolloutStrategy.ROLLING);
    }

    @Test
    void aCanaryWithoutStepsUsesTenFiftyHundred() {
        ModelDeployment d =
                load(
                        manifest(
                                "- {name: main, model: mnist@1, weight: 100}",
                                "  rollout:\n    strategy: canary\n"));
        assertThat(d.rollout().steps()).containsExactly(10, 50, 100);
    }

    @Test
    void rejectsWeightsThatDoNotAddUpToOneHundred() {
        assertThat(
                        problems(
                                manifest(
                                        "- {name: a, model: mnist@1, weight: 80}\n"
                                                + "- {name: b, model: mnist@2, weight: 10}",
                                        "")))
                .containsExactly(
                        "mnist.yaml:7:5: error: predictor weights add up to 90: they must add up"
                                + " to 100 (percent of traffic)");
    }

    @Test
    void rejectsAnUnknownFieldAtItsLineAndColumn() {
        assertThat(problems(manifest("- name: a\n  model: mnist@1\n  weigth: 100", "")))
                .anySatisfy(
                        p ->
                                assertThat(p)
                                        .startsWith(
                                                "mnist.yaml:9:7: error: unknown field 'weigth'"));
    }

    @Test
    void rejectsAModelReferenceThatDoesNotParse() {
        assertThat(problems(manifest("- {name: a, model: \"Mnist@@1\", weight: 100}", "")))
                .singleElement()
                .satisfies(
                        p -> assertThat(p).startsWith("mnist.yaml:7:").contains("model reference"));
    }

    @Test
    void rejectsAModelVersionOutOfRange() {
        assertThat(problems(manifest("- {name: a, model: mnist@99999999999, weight: 100}", "")))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("out of range"));
    }

    @Test
    void rejectsTwoPredictorsWithTheSameName() {
        assertThat(
                        problems(
                                manifest(
                                        "- {name: a, model: mnist@1, weight: 50}\n"
                                                + "- {name: a, model: mnist@2, weight: 50}",
                                        "")))
                .singleElement()
                .satisfies(p -> assertThat(p).startsWith("mnist.yaml:8:").contains("used twice"));
    }

    @Test
    void rejectsCanaryStepsThatDoNotIncreaseOrDoNotEndAtOneHundred() {
        String one = "- {name: a, model: mnist@1, weight: 100}";
        assertThat(
                        problems(
                                manifest(
                                        one,
                                        "  rollout:\n"
                                                + "    strategy: canary\n"
                                                + "    steps: [50, 10, 100]\n")))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("steps must increase"));
        assertThat(
                        problems(
                                manifest(
                                        one,
                                        "  rollout:\n    strategy: canary\n    steps: [10, 50]\n")))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("must be 100"));
        assertThat(
                        problems(
                                manifest(
                                        one,
                                        "  rollout:\n"
                                                + "    strategy: rolling\n"
                                                + "    steps: [10, 100]\n")))
                .singleElement()
                .satisfies(p -> assertThat(p).contains("only applies to strategy canary"));
    }

    @Test
    void rejectsAnUnknownPolicyAction() {
        assertThat(
                        problems(
                                manifest(
                                        "- {name: a, model: mnist@1, weight: 100}",
                                        "  policy:\n"
                                                + "    onErrorRate:\n"
                                                + "      above: 0.1\n"
                                                + "      action: retry\n")))
                .singleElement()
                .satisfies(
                        p ->
                                assertThat(p)
                                        .startsWith(
                                                "mnist.yaml:11:15: error: invalid value 'retry'"));
    }

    @Test
    void theValidatorAcceptsADeploymentBesideThePipelines() {
        assertThat(ManifestValidator.standard().validate("mnist.yaml", FULL)).isEmpty();
    }

    @Test
    void anAbSplitNamesTheHeaderThatKeepsCallersStickyAndAReleaseCanRefuseRollback() {
        ModelDeployment d =
                load(
                        manifest(
                                """
                                - name: a
                                  model: mnist@1
                                  weight: 50
                                - name: b
                                  model: mnist@2
                                  weight: 50
                                """,
                                """
                                  policy:
                                    rollbackable: false
                                  rollout:
                                    strategy: ab
                                    stickyBy: x-user-id
                                """));
        assertThat(d.rollout().stickyBy()).contains("x-user-id");
        assertThat(d.policy().rollbackable()).isFalse();
        assertThat(load(FULL).policy().rollbackable()).isTrue();
        assertThat(load(FULL).rollout().stickyBy()).isEmpty();
    }

    @Test
    void stickyByOutsideAnAbSplitIsReportedWhereItIsWritten() {
        assertThat(
                        problems(
                                manifest(
                                        """
                                        - name: a
                                          model: mnist@1
                                          weight: 100
                                        """,
                                        """
                                          rollout:
                                            strategy: rolling
                                            stickyBy: x-user-id
                                        """)))
                .singleElement()
                .asString()
                .contains("mnist.yaml:12:15:")
                .contains("'stickyBy' only applies to strategy ab");
    }
}
