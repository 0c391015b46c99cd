package dev.ferry.serving.tensor;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.api.model.DataType;
import dev.ferry.api.model.Tensor;
import dev.ferry.serving.InvalidRequestException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Converts between a tensor and the JSON {@code data} of the Open Inference Protocol: nested or
 * flat arrays in, flat arrays (row-major) out; BYTES elements as UTF-8 strings.
 */
public final class TensorJson {
    private TensorJson() {}

    /** Reads {@code data} (nested or flat) into a tensor of the given type and shape. */
    public static Tensor read(
            String name, DataType type, List<Long> shape, JsonNode data, long maxElements) {
        TensorBuilder builder = new TensorBuilder(name, type, shape, maxElements);
        if (data == null || data.isNull() || data.isMissingNode()) {
            throw new InvalidRequestException("input '" + name + "' has no 'data'");
        }
        Deque<JsonNode> stack = new ArrayDeque<>();
        stack.push(data);
        // Depth-first without recursion so a deeply nested body cannot overflow the stack.
        while (!stack.isEmpty()) {
            JsonNode node = stack.pop();
            if (node.isArray()) {
                for (int i = node.size() - 1; i >= 0; i--) {
                    stack.push(node.get(i));
                }
            } else {
                addScalar(builder, name, type, node);
            }
        }
        return builder.build();
    }

    /**
     * Reads {@code data} straight from a parser positioned on its first token (nested or flat
     * arrays, or one scalar), without building a tree; leaves the parser on the data's last token.
     */
    public static Tensor read(
            String name, DataType type, List<Long> shape, JsonParser p, long maxElements)
            throws IOException {
        TensorBuilder builder = new TensorBuilder(name, type, shape, maxElements);
        JsonToken t = p.currentToken();
        if (t == null || t == JsonToken.VALUE_NULL) {
            throw new InvalidRequestException("input '" + name + "' has no 'data'");
        }
        // Depth is tracked instead of recursing, so deeply nested data cannot overflow the stack.
        int depth = 0;
        do {
            switch (t) {
                case START_ARRAY -> depth++;
                case END_ARRAY -> depth--;
                case VALUE_NUMBER_INT -> {
                    if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                        builder.addBigInteger(p.getBigIntegerValue());
                    } else {
                        builder.addLong(p.getLongValue());
                    }
                }
                case VALUE_NUMBER_FLOAT -> builder.addDouble(p.getDoubleValue());
                case VALUE_TRUE, VALUE_FALSE -> {
                    if (type != DataType.BOOL) {
                        throw new InvalidRequestException(
                                "input '" + name + "' is " + type + " but data holds a boolean");
                    }
                    builder.addBoolean(t == JsonToken.VALUE_TRUE);
                }
                case VALUE_STRING -> {
                    if (type == DataType.BYTES) {
                        builder.addBytes(p.getText().getBytes(StandardCharsets.UTF_8));
                    } else {
                        builder.addDouble(nonFinite(name, type, p.getText()));
                    }
                }
                case VALUE_NULL -> throw holds(name, "NULL");
                case START_OBJECT -> throw holds(name, "OBJECT");
                default -> throw holds(name, t.toString());
            }
        } while (depth > 0 && (t = p.nextToken()) != null);
        if (depth > 0) {
            throw new InvalidRequestException("input '" + name + "' data ends early");
        }
        return builder.build();
    }

    private static InvalidRequestException holds(String name, String what) {
        return new InvalidRequestException(
                "input '" + name + "' data holds " + what + "; expected numbers");
    }

    private static void addScalar(TensorBuilder b, String name, DataType type, JsonNode node) {
        if (node.isBoolean()) {
            if (type != DataType.BOOL) {
                throw new InvalidRequestException(
                        "input '" + name + "' is " + type + " but data holds a boolean");
            }
            b.addBoolean(node.booleanValue());
        } else if (node.isIntegralNumber()) {
            if (node.canConvertToLong()) {
                b.addLong(node.longValue());
            } else {
                b.addBigInteger(node.bigIntegerValue());
            }
        } else if (node.isNumber()) {
            b.addDouble(node.doubleValue());
        } else if (node.isTextual()) {
            if (type == DataType.BYTES) {
                b.addBytes(node.textValue().getBytes(StandardCharsets.UTF_8));
            } else {
                b.addDouble(nonFinite(name, type, node.textValue()));
            }
        } else {
            throw new InvalidRequestException(
                    "input '" + name + "' data holds " + node.getNodeType() + "; expected numbers");
        }
    }

    private static double nonFinite(String name, DataType type, String text) {
        boolean floating =
                type == DataType.FP16
                        || type == DataType.BF16
                        || type == DataType.FP32
                        || type == DataType.FP64;
        if (floating) {
            switch (text) {
                case "NaN", "nan":
                    return Double.NaN;
                case "Infinity", "inf", "+inf":
                    return Double.POSITIVE_INFINITY;
                case "-Infinity", "-inf":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
        }
        throw new InvalidRequestException(
                "input '"
                        + name
                        + "' is "
                        + type
                        + " but data holds the string \""
                        + abbreviate(text)
                        + "\"");
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** Writes the tensor's elements as a flat JSON array. */
    public static void write(JsonGenerator g, Tensor t) throws IOException {
        ByteBuffer b = t.data();
        int n = Math.toIntExact(t.elementCount());
        g.writeStartArray();
        switch (t.datatype()) {
            case BOOL -> {
                for (int i = 0; i < n; i++) {
                    g.writeBoolean(b.get(i) != 0);
                }
            }
            case INT8 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.get(i));
                }
            }
            case UINT8 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.get(i) & 0xFF);
                }
            }
            case INT16 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getShort(i * 2));
                }
            }
            case UINT16 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getShort(i * 2) & 0xFFFF);
                }
            }
            case INT32 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getInt(i * 4));
                }
            }
            case UINT32 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(Integer.toUnsignedLong(b.getInt(i * 4)));
                }
            }
            case INT64 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getLong(i * 8));
                }
            }
            case UINT64 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(Long.toUnsignedString(b.getLong(i * 8)));
                }
            }
            case FP16 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(Float.float16ToFloat(b.getShort(i * 2)));
                }
            }
            case BF16 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(Float.intBitsToFloat((b.getShort(i * 2) & 0xFFFF) << 16));
                }
            }
            case FP32 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getFloat(i * 4));
                }
            }
            case FP64 -> {
                for (int i = 0; i < n; i++) {
                    g.writeNumber(b.getDouble(i * 8));
                }
            }
            case BYTES -> {
                for (byte[] e : t.bytesElements()) {
                    g.writeString(new String(e, StandardCharsets.UTF_8));
                }
            }
        }
        g.writeEndArray();
    }
}
