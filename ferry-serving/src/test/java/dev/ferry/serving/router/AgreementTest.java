package dev.ferry.serving.router;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.model.Tensor;
import dev.ferry.serving.inference.InferenceResponse;
import dev.ferry.serving.inference.NamedTensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgreementTest {
    private static final long[] ROWS_OF_3 = {2, 3};

    private static InferenceResponse answer(NamedTensor... outputs) {
        return new InferenceResponse("m", "1", "", Map.of(), List.of(outputs));
    }

    @Test
    void classScoresAgreeWhenTheyPickTheSameClass() {
        Tensor a = Tensor.ofFloats(ROWS_OF_3, 0.1f, 0.7f, 0.2f, 0.5f, 0.3f, 0.2f);
        Tensor b = Tensor.ofFloats(ROWS_OF_3, 0.2f, 0.6f, 0.2f, 0.9f, 0.05f, 0.05f);
        Tensor c = Tensor.ofFloats(ROWS_OF_3, 0.2f, 0.6f, 0.2f, 0.1f, 0.8f, 0.1f);
        assertThat(Agreement.agree(a, b)).isTrue();
        assertThat(Agreement.agree(a, c)).isFalse();
    }

    @Test
    void singleValuesAgreeWithinTheTolerance() {
        long[] column = {2, 1};
        assertThat(
                        Agreement.agree(
                                Tensor.ofDoubles(column, 1.0, 200.0),
                                Tensor.ofDoubles(column, 1.00005, 200.01)))
                .isTrue();
        assertThat(
                        Agreement.agree(
                                Tensor.ofDoubles(column, 1.0, 2.0),
                                Tensor.ofDoubles(column, 1.01, 2.0)))
                .isFalse();
    }

    @Test
    void integersAndStringsMustBeEqual() {
        long[] shape = {3};
        assertThat(Agreement.agree(Tensor.ofInts(shape, 1, 2, 3), Tensor.ofInts(shape, 1, 2, 3)))
                .isTrue();
        assertThat(Agreement.agree(Tensor.ofInts(shape, 1, 2, 3), Tensor.ofInts(shape, 1, 2, 4)))
                .isFalse();
        assertThat(
                        Agreement.agree(
                                Tensor.ofStrings(shape, "a", "b", "c"),
                                Tensor.ofStrings(shape, "a", "b", "c")))
                .isTrue();
        assertThat(
                        Agreement.agree(
                                Tensor.ofStrings(shape, "a", "b", "c"),
                                Tensor.ofStrings(shape, "a", "b", "d")))
                .isFalse();
    }

    @Test
    void anotherShapeTypeOrAMissingOutputDisagrees() {
        assertThat(
                        Agreement.agree(
                                Tensor.ofInts(new long[] {2}, 1, 2),
                                Tensor.ofInts(new long[] {1, 2}, 1, 2)))
                .isFalse();
        assertThat(
                        Agreement.agree(
                                Tensor.ofInts(new long[] {1}, 1),
                                Tensor.ofLongs(new long[] {1}, 1)))
                .isFalse();
        NamedTensor label = new NamedTensor("label", Tensor.ofInts(new long[] {1}, 7));
        NamedTensor other = new NamedTensor("other", Tensor.ofInts(new long[] {1}, 7));
        assertThat(Agreement.agree(answer(label), answer(label, other))).isTrue();
        assertThat(Agreement.agree(answer(label, other), answer(label))).isFalse();
    }
}
