package dev.ferry.serving.codec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ferry.serving.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and checks protocol {@code parameters} objects: values are booleans, numbers or strings.
 */
final class Parameters {
    private Parameters() {}

    static Map<String, Object> read(String where, JsonNode node) {
        if (node == null || node.isNull()) {
            return Map.of();
        }
        if (!node.isObject()) {
            throw new InvalidRequestException(where + ": 'parameters' must be a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (var e : node.properties()) {
            JsonNode v = e.getValue();
            Object value;
            if (v.isBoolean()) {
                value = v.booleanValue();
            } else if (v.isIntegralNumber() && v.canConvertToLong()) {
                value = v.longValue();
            } else if (v.isNumber()) {
                value = v.doubleValue();
            } else if (v.isTextual()) {
                value = v.textValue();
            } else {
                throw new InvalidRequestException(
                        where
                                + ": parameter '"
                                + e.getKey()
                                + "' must be a boolean, number or string");
            }
            out.put(e.getKey(), value);
        }
        return out;
    }

    static boolean flag(Map<String, Object> params, String key, boolean fallback) {
        Object v = params.get(key);
        if (v == null) {
            return fallback;
        }
        if (v instanceof Boolean b) {
            return b;
        }
        throw new InvalidRequestException("parameter '" + key + "' must be true or false");
    }
}
