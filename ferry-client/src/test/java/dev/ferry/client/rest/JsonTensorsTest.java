package dev.ferry.client.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import java.nio.ByteBuffer;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTensorsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void readsNestedDataAsFlat() throws Exception {
        Tensor t =
                JsonTensors.fromJson(
                        DataType.INT32, List.of(2L, 2L), json.readTree("[[1,2],[3,4]]"));
        assertThat(t.toLongArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void writesUnsigned64BitValuesAsUnsigned() {
        Tensor t =
                new Tensor(
                        DataType.UINT64,
                        List.of(1L),
                        ByteBuffer.wrap(new byte[] {-1, -1, -1, -1, -1, -1, -1, -1}));
        assertThat(JsonTensors.toJson(t).toString()).isEqualTo("[18446744073709551615]");
        assertThat(JsonTensors.fromJson(DataType.UINT64, List.of(1L), JsonTensors.toJson(t)))
                .isEqualTo(t);
    }

    @Test
    void roundTripsStringsBooleansAndHalfFloats() {
        Tensor s = Tensor.ofStrings(new long[] {2}, "a", "ü");
        assertThat(JsonTensors.fromJson(DataType.BYTES, List.of(2L), JsonTensors.toJson(s)))
                .isEqualTo(s);
        Tensor b = Tensor.ofBooleans(new long[] {2}, true, false);
        assertThat(JsonTensors.toJson(b).toString()).isEqualTo("[true,false]");
        Tensor h =
                JsonTensors.fromJson(
                        DataType.FP16, List.of(2L), json.createArrayNode().add(1.0).add(-2.0));
        assertThat(h.toFloatArray()).containsExactly(1f, -2f);
    }
}
