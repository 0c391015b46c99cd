package dev.ferry.ml.mnist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.StepAction;
import dev.ferry.api.pipeline.StepSpec;
import dev.ferry.api.step.Step;
import dev.ferry.core.manifest.ManifestLoader;
import java.nio.file.Path;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The shipped MNIST pipeline loads, and every step it uses exists with the inputs it gives. */
class MnistPipelineManifestTest {

    @Test
    void theExamplePipelineLoadsAndUsesOnlyKnownInputs() {
        Pipeline pipeline =
                ManifestLoader.standard()
                        .loadPipeline(Path.of("..", "examples", "mnist", "pipeline.yaml"));
        Map<String, Step> steps =
                ServiceLoader.load(Step.class).stream()
                        .map(ServiceLoader.Provider::get)
                        .collect(Collectors.toMap(Step::name, s -> s));

        assertThat(pipeline.steps()).hasSize(7);
        for (StepSpec spec : pipeline.steps()) {
            if (spec.action() instanceof StepAction.Uses uses && steps.containsKey(uses.ref())) {
                Step step = steps.get(uses.ref());
                assertThat(spec.with().keySet())
                        .as(spec.name())
                        .allMatch(input -> step.signature().accepts(input));
                assertThat(spec.with().keySet())
                        .as(spec.name())
                        .containsAll(step.signature().required());
            }
        }
        assertThat(steps).containsKeys("ferry/train-linear", "ferry/evaluate", "ferry/register");
    }
}
