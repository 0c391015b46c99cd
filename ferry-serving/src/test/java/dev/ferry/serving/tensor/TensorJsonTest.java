package dev.ferry.serving.tensor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.InvalidRequestException;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class TensorJsonTest {
    private final ObjectMapper json = new ObjectMapper();

    private Tensor read(DataType type, List<Long> shape, String data) throws Exception {
        return TensorJson.read("x", type, shape, json.readTree(data), 1_000_000);
    }

    private String write(Tensor t) throws Exception {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = json.getFactory().createGenerator(w)) {
            TensorJson.write(g, t);
        }
        return w.toString();
    }

    @Test
    void acceptsNestedAndFlatDataAlike() throws Exception {
        Tensor nested = read(DataType.INT32, List.of(2L, 2L), "[[1,2],[3,4]]");
        Tensor flat = read(DataType.INT32, List.of(2L, 2L), "[1,2,3,4]");
        assertThat(nested).isEqualTo(flat);
        assertThat(write(nested)).isEqualTo("[1,2,3,4]");
    }

    @Test
    void roundTripsEveryFixedSizeDatatype() throws Exception {
        for (DataType type : DataType.values()) {
            String data =
                    switch (type) {
                        case BOOL -> "[true,false]";
                        case BYTES -> "[\"a\",\"\u00e9\"]";
                        case FP16, BF16, FP32, FP64 -> "[1.5,-2.0]";
                        case INT8, INT16, INT32, INT64 -> "[-3,7]";
                        default -> "[0,7]";
                    };
            Tensor t = read(type, List.of(2L), data);
            assertThat(read(type, List.of(2L), write(t))).as(type.name()).isEqualTo(t);
        }
    }

    @Test
    void keepsTheFullUnsigned64BitRange() throws Exception {
        Tensor t = read(DataType.UINT64, List.of(1L), "[18446744073709551615]");
        assertThat(write(t)).isEqualTo("[\"18446744073709551615\"]".replace("\"", ""));
    }

    @Test
    void rejectsValuesOutsideTheTypesRange() {
        assertThatThrownBy(() -> read(DataType.UINT8, List.of(1L), "[256]"))
                .isInstanceOf(InvalidRequestException.class)
                .hasMessageContaining("256 is out of range for UINT8");
        assertThatThrownBy(() -> read(DataType.INT32, List.of(1L), "[1.5]"))
                .hasMessageContaining("INT32 does not accept a floating-point number");
        assertThatThrownBy(() -> read(DataType.FP32, List.of(1L), "[true]"))
                .hasMessageContaining("data holds a boolean");
        assertThatThrownBy(() -> read(DataType.FP32, List.of(1L), "[{}]"))
                .hasMessageContaining("OBJECT");
    }

    @Test
    void rejectsAnElementCountThatDisagreesWithTheShape() {
        assertThatThrownBy(() -> read(DataType.INT32, List.of(3L), "[1,2]"))
                .hasMessageContaining("3 elements) but 2 values");
        assertThatThrownBy(() -> read(DataType.INT32, List.of(1L), "[1,2]"))
                .hasMessageContaining("more than 1 values");
    }

    @Test
    void rejectsHugeShapesBeforeAllocating() {
        assertThatThrownBy(() -> read(DataType.FP64, List.of(1L << 40), "[1]"))
                .hasMessageContaining("at most 1000000");
        assertThatThrownBy(() -> read(DataType.FP64, List.of(-1L), "[1]"))
                .hasMessageContaining("must be >= 0");
    }

    @Test
    void readsNonFiniteFloatsGivenAsStrings() throws Exception {
        Tensor t = read(DataType.FP32, List.of(2L), "[\"NaN\",\"-inf\"]");
        assertThat(t.getDouble(0)).isNaN();
        assertThat(t.getDouble(1)).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    @Test
    void roundsBfloat16ToNearest() {
        assertThat(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(1.0f))).isEqualTo(1.0f);
        assertThat(HalfFloats.fromBfloat16(HalfFloats.toBfloat16(3.14159f))).isEqualTo(3.140625f);
    }

    @Test
    void survivesDeeplyNestedData() throws Exception {
        String deep = "[".repeat(900) + "1" + "]".repeat(900);
        JsonNode node = new ObjectMapper().readTree(deep);
        assertThat(TensorJson.read("x", DataType.INT8, List.of(1L), node, 10).getLong(0))
                .isEqualTo(1);
    }
}
