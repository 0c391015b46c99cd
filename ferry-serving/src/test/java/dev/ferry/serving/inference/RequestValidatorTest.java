package dev.ferry.serving.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.model.DataType;
import dev.ferry.api.model.ModelSignature;
import dev.ferry.api.model.Tensor;
import dev.ferry.api.model.TensorSpec;
import dev.ferry.serving.InvalidRequestException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {
    private static final List<Long> SHAPE = List.of(-1L, 2L);
    private final RequestValidator validator =
            new RequestValidator(
                    "simple",
                    new ModelSignature(
                            List.of(
                                    new TensorSpec("A", DataType.INT32, SHAPE),
                                    new TensorSpec("B", DataType.INT32, SHAPE)),
                            List.of(new TensorSpec("SUM", DataType.INT32, SHAPE))),
                    4);

    private static NamedTensor ints(String name, long rows) {
        return new NamedTensor(name, Tensor.ofInts(new long[] {rows, 2}, new int[(int) rows * 2]));
    }

    private static InferenceRequest request(List<NamedTensor> in, List<RequestedOutput> out) {
        return new InferenceRequest("", Map.of(), in, out);
    }

    @Test
    void returnsTheBatchSizeOfAValidRequest() {
        assertThat(validator.validate(request(List.of(ints("A", 3), ints("B", 3)), List.of())))
                .isEqualTo(3);
    }

    @Test
    void namesTheMissingInput() {
        assertThatThrownBy(() -> validator.validate(request(List.of(ints("A", 1)), List.of())))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("needs input 'B'");
    }

    @Test
    void namesTheUnknownAndDuplicateInputs() {
        assertThatThrownBy(() -> validator.validate(request(List.of(ints("C", 1)), List.of())))
                .hasMessageContaining("has no input 'C'");
        assertThatThrownBy(
                        () ->
                                validator.validate(
                                        request(List.of(ints("A", 1), ints("A", 1)), List.of())))
                .hasMessageContaining("more than once");
    }

    @Test
    void rejectsAWrongDatatypeOrShape() {
        NamedTensor floats = new NamedTensor("A", Tensor.ofFloats(new long[] {1, 2}, 1f, 2f));
        assertThatThrownBy(
                        () -> validator.validate(request(List.of(floats, ints("B", 1)), List.of())))
                .hasMessageContaining("is FP32 but model 'simple' expects INT32");
        NamedTensor wide = new NamedTensor("A", Tensor.ofInts(new long[] {1, 3}, 1, 2, 3));
        assertThatThrownBy(
                        () -> validator.validate(request(List.of(wide, ints("B", 1)), List.of())))
                .hasMessageContaining("has shape [1, 3] but the model expects [-1, 2]");
    }

    @Test
    void rejectsABatchOverTheMaximumAndDisagreeingBatches() {
        assertThatThrownBy(
                        () ->
                                validator.validate(
                                        request(List.of(ints("A", 5), ints("B", 5)), List.of())))
                .hasMessageContaining("accepts at most 4");
        assertThatThrownBy(
                        () ->
                                validator.validate(
                                        request(List.of(ints("A", 1), ints("B", 2)), List.of())))
                .hasMessageContaining("disagree on the batch size");
    }

    @Test
    void rejectsUnknownAndDuplicateOutputs() {
        List<NamedTensor> in = List.of(ints("A", 1), ints("B", 1));
        assertThatThrownBy(() -> validator.validate(request(in, List.of(new RequestedOutput("X")))))
                .hasMessageContaining("has no output 'X'");
        assertThatThrownBy(
                        () ->
                                validator.validate(
                                        request(
                                                in,
                                                List.of(
                                                        new RequestedOutput("SUM"),
                                                        new RequestedOutput("SUM")))))
                .hasMessageContaining("requested more than once");
    }
}
