package dev.ferry.gitops.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.PromotionPolicy;
import dev.ferry.gitops.promotion.ManifestWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@code spec.promotion}: read, checked by the schema, and written back unchanged. */
class PromotionPolicyManifestTest {
    private static String deployment(String promotion) {
        return MnistDeploymentManifests.manifest(MnistDeploymentManifests.ONE_PREDICTOR, promotion);
    }

    @Test
    void autoMergeWithAnAccuracySampleIsReadAndWrittenBack() {
        String text =
                deployment(
                        """
                          promotion:
                            auto: true
                            sample: samples/mnist.jsonl
                            minAccuracy: 0.9
                        """);
        ModelDeployment d = MnistDeploymentManifests.load(text);
        String written = new ManifestWriter().write(d);
        ModelDeployment again = MnistDeploymentManifests.load(written);

        assertThat(d.promotion())
                .isEqualTo(
                        new PromotionPolicy(
                                true, Optional.of("samples/mnist.jsonl"), OptionalDouble.of(0.9)));
        assertThat(again.promotion()).isEqualTo(d.promotion());
        assertThat(written).contains("promotion:", "auto: true", "minAccuracy: 0.9");
    }

    @Test
    void withoutTheSectionPromotionsWaitForApprovalAndNothingIsWritten() {
        ModelDeployment d = MnistDeploymentManifests.load(deployment(""));

        assertThat(d.promotion()).isEqualTo(PromotionPolicy.manual());
        assertThat(new ManifestWriter().write(d)).doesNotContain("promotion");
    }

    @Test
    void anAccuracyAboveOneIsReportedAtItsLine() {
        List<String> problems =
                MnistDeploymentManifests.problems(
                        deployment("  promotion:\n    minAccuracy: 1.5\n"));

        assertThat(problems).singleElement().asString().startsWith("mnist.yaml:9:");
    }
}
