package dev.ferry.serving.runtime.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.LoadedModel;
import dev.ferry.api.model.ModelException;
import dev.ferry.api.model.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OnnxSessionParametersTest {
    private static LoadedModel load(Map<String, String> parameters) {
        return OnnxTestModels.load(OnnxTestModels.SIMPLE, "simple", 0, parameters);
    }

    @Test
    void spinningPoolThreadsCanBeTurnedOnAndTheModelStillAnswers() {
        for (String value : new String[] {"1", "0", "true", "false"}) {
            try (LoadedModel model = load(Map.of("allow_spinning", value))) {
                Map<String, Tensor> out =
                        model.predict(
                                Map.of(
                                        "INPUT0",
                                        Tensor.ofInts(new long[] {1, 16}, new int[16]),
                                        "INPUT1",
                                        Tensor.ofInts(new long[] {1, 16}, new int[16])));
                assertThat(out).containsKeys("OUTPUT0", "OUTPUT1");
            }
        }
    }

    @Test
    void aSpinningValueOtherThanOneOrZeroIsRefusedByName() {
        assertThatThrownBy(() -> load(Map.of("allow_spinning", "sometimes")))
                .isInstanceOf(ModelException.class)
                .hasMessage(
                        "model 'simple': parameter allow_spinning must be 1 or 0, got"
                                + " 'sometimes'");
    }
}
