package dev.ferry.gitops.manifest;

import static dev.ferry.gitops.manifest.MnistDeploymentManifests.load;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.AnalysisThresholds;
import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.gitops.promotion.ManifestWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** {@code spec.rollout.analysis}: read, bounded by the schema, and written back unchanged. */
class CanaryAnalysisManifestTest {
    private static String deployment(String strategy, String analysis) {
        return MnistDeploymentManifests.manifest(
                MnistDeploymentManifests.ONE_PREDICTOR,
                "  rollout:\n    strategy: " + strategy + "\n    analysis:\n" + analysis.indent(6));
    }

    private static List<String> problems(String analysis) {
        return MnistDeploymentManifests.problems(deployment("canary", analysis));
    }

    @Test
    void everyThresholdIsReadAndWrittenBack() {
        ModelDeployment d =
                load(
                        deployment(
                                "canary",
                                """
                                minRequests: 200
                                maxErrorRateIncrease: 0.005
                                maxLatencyRatio: 1.5
                                maxLatencyIncrease: 20ms
                                latencyQuantile: 0.95
                                """));
        String written = new ManifestWriter().write(d);

        assertThat(d.rollout().analysis())
                .isEqualTo(
                        new AnalysisThresholds(
                                OptionalLong.of(200),
                                OptionalDouble.of(0.005),
                                OptionalDouble.of(1.5),
                                Optional.of(Duration.ofMillis(20)),
                                OptionalDouble.of(0.95)));
        assertThat(load(written).rollout()).isEqualTo(d.rollout());
        assertThat(written).contains("analysis:", "maxLatencyIncrease: 20ms", "minRequests: 200");
    }

    @Test
    void thresholdsLeftOutStayTheReconcilersAndAreNotWritten() {
        ModelDeployment d = load(deployment("canary", "maxLatencyRatio: 3\n"));

        assertThat(d.rollout().analysis().maxLatencyRatio()).hasValue(3.0);
        assertThat(d.rollout().analysis().minRequests()).isEmpty();
        assertThat(d.rollout().analysis().latencyQuantile()).isEmpty();
        assertThat(new ManifestWriter().write(d))
                .contains("maxLatencyRatio: 3.0")
                .doesNotContain("minRequests", "latencyQuantile");
        ModelDeployment without =
                load(deployment("canary", "{}").replace("    analysis:\n      {}\n", ""));
        assertThat(without.rollout().analysis()).isEqualTo(AnalysisThresholds.none());
        assertThat(new ManifestWriter().write(without)).doesNotContain("analysis:");
    }

    @Test
    void aRollingDeploymentKeepsItsThresholdsForItsNextCanary() {
        ModelDeployment d = load(deployment("rolling", "minRequests: 500\n"));

        assertThat(d.rollout().analysis().minRequests()).hasValue(500);
        assertThat(load(new ManifestWriter().write(d)).rollout().analysis())
                .isEqualTo(d.rollout().analysis());
    }

    @Test
    void outOfRangeThresholdsAreReportedAtTheirLineAndColumn() {
        assertThat(problems("minRequests: 0\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:20:")
                .contains(
                        "'spec.rollout.analysis.minRequests'",
                        "expected an integer from 1 to 1000000000");
        assertThat(problems("minRequests: 2.5\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:20:")
                .contains("expected an integer");
        assertThat(problems("maxErrorRateIncrease: -0.01\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:29:")
                .contains("'-0.01'", "expected a number between 0 and 1");
        assertThat(problems("maxErrorRateIncrease: 5\n"))
                .singleElement()
                .asString()
                .contains("0.01 is one percentage point");
        assertThat(problems("maxLatencyRatio: 0.5\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:24:")
                .contains("expected a number of at least 1");
        assertThat(problems("maxLatencyIncrease: -5ms\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:27:")
                .contains("expected a duration such as 250ms");
        assertThat(problems("maxLatencyIncrease: 50\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:27:");
        for (String q : List.of("0", "1", "1.5", "-0.5")) {
            assertThat(problems("latencyQuantile: " + q + "\n"))
                    .as("quantile %s", q)
                    .singleElement()
                    .asString()
                    .startsWith("mnist.yaml:11:24:")
                    .contains("expected a number between 0 and 1, both excluded");
        }
        assertThat(problems("maxErrorRate: 0.01\n"))
                .singleElement()
                .asString()
                .startsWith("mnist.yaml:11:7:")
                .contains("unknown field 'maxErrorRate'", "maxErrorRateIncrease");
    }
}
