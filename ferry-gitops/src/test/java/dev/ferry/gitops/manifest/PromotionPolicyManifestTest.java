package dev.ferry.gitops.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.deployment.ModelDeployment;
import dev.ferry.api.deployment.PromotionPolicy;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.gitops.promotion.ManifestWriter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

/** {@code spec.promotion}: read, checked by the schema, and written back unchanged. */
class PromotionPolicyManifestTest {
    private final ManifestLoader loader = ManifestLoader.standard();

    private static String deployment(String promotion) {
        return """
        apiVersion: ferry.dev/v1
        kind: ModelDeployment
        metadata:
          name: mnist
        spec:
          predictors:
            - {name: main, model: mnist@1, weight: 100}
        """
                + promotion;
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
        ModelDeployment d = (ModelDeployment) loader.read("mnist.yaml", text).orThrow().getFirst();
        String written = new ManifestWriter().write(d);
        ModelDeployment again =
                (ModelDeployment) loader.read("mnist.yaml", written).orThrow().getFirst();

        assertThat(d.promotion())
                .isEqualTo(
                        new PromotionPolicy(
                                true, Optional.of("samples/mnist.jsonl"), OptionalDouble.of(0.9)));
        assertThat(again.promotion()).isEqualTo(d.promotion());
        assertThat(written).contains("promotion:", "auto: true", "minAccuracy: 0.9");
    }

    @Test
    void withoutTheSectionPromotionsWaitForApprovalAndNothingIsWritten() {
        ModelDeployment d =
                (ModelDeployment) loader.read("mnist.yaml", deployment("")).orThrow().getFirst();

        assertThat(d.promotion()).isEqualTo(PromotionPolicy.manual());
        assertThat(new ManifestWriter().write(d)).doesNotContain("promotion");
    }

    @Test
    void anAccuracyAboveOneIsReportedAtItsLine() {
        List<String> problems =
                loader
                        .read("mnist.yaml", deployment("  promotion:\n    minAccuracy: 1.5\n"))
                        .problems()
                        .stream()
                        .map(Problem::render)
                        .toList();

        assertThat(problems).singleElement().asString().startsWith("mnist.yaml:9:");
    }
}
