package dev.ferry.client.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Converts tensors to and from the JSON {@code data} array on the client side. */
final class JsonTensors {
    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);

    private JsonTensors() {}

    /** The flat JSON {@code data} array of a tensor. */
    static ArrayNode toJson(Tensor tensor) {
        ArrayNode data = JsonNodeFactory.instance.arrayNode();
        long n = tensor.elementCount();
        switch (tensor.datatype()) {
            case BOOL -> {
                for (long i = 0; i < n; i++) data.add(tensor.getBoolean(i));
            }
            case INT8, INT16, INT32, UINT8, UINT16, UINT32, INT64 -> {
                for (long i = 0; i < n; i++) data.add(tensor.getLong(i));
            }
            case UINT64 -> {
                ByteBuffer raw = tensor.data();
                for (long i = 0; i < n; i++) {
                    data.add(new BigInteger(Long.toUnsignedString(raw.getLong())));
                }
            }
            case FP16, BF16, FP32 -> {
                for (float v : tensor.toFloatArray()) data.add(v);
            }
            case FP64 -> {
                for (double v : tensor.toDoubleArray()) data.add(v);
            }
            case BYTES -> {
                for (byte[] b : tensor.bytesElements()) {
                    data.add(new String(b, StandardCharsets.UTF_8));
                }
            }
        }
        return data;
    }

    /** Reads a (flat or nested) JSON {@code data} array as a tensor. */
    static Tensor fromJson(DataType datatype, List<Long> shape, JsonNode data) {
        List<JsonNode> values = new ArrayList<>();
        flatten(data, values);
        if (datatype == DataType.BYTES) {
            List<byte[]> elements = new ArrayList<>();
            for (JsonNode v : values) {
                elements.add(v.asText().getBytes(StandardCharsets.UTF_8));
            }
            return Tensor.ofBytes(shape.stream().mapToLong(Long::longValue).toArray(), elements);
        }
        ByteBuffer buf =
                ByteBuffer.allocate(values.size() * datatype.byteSize())
                        .order(ByteOrder.LITTLE_ENDIAN);
        for (JsonNode v : values) {
            switch (datatype) {
                case BOOL -> buf.put((byte) (v.asBoolean() ? 1 : 0));
                case INT8, UINT8 -> buf.put((byte) v.asInt());
                case INT16, UINT16 -> buf.putShort((short) v.asInt());
                case INT32, UINT32 -> buf.putInt((int) v.asLong());
                case INT64 -> buf.putLong(v.asLong());
                case UINT64 -> buf.putLong(v.bigIntegerValue().mod(TWO_64).longValue());
                case FP16 -> buf.putShort(Float.floatToFloat16((float) v.asDouble()));
                case BF16 ->
                        buf.putShort(
                                (short) (Float.floatToRawIntBits((float) v.asDouble()) >>> 16));
                case FP32 -> buf.putFloat((float) v.asDouble());
                case FP64 -> buf.putDouble(v.asDouble());
                case BYTES -> throw new IllegalStateException("BYTES handled above");
            }
        }
        return new Tensor(datatype, shape, buf.flip());
    }

    private static void flatten(JsonNode node, List<JsonNode> out) {
        if (node.isArray()) {
            for (JsonNode child : node) {
                flatten(child, out);
            }
        } else {
            out.add(node);
        }
    }
}
