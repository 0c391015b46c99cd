package dev.ferry.serving.codec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.ferry.serving.InvalidRequestException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads and checks protocol {@code parameters} objects: values are booleans, numbers or strings.
 */
final class Parameters {
    private Parameters() {}

    /** Reads a parameters object from a parser positioned on its first token. */
    static Map<String, Object> read(String where, JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Map.of();
        }
        if (t != JsonToken.START_OBJECT) {
            throw new InvalidRequestException(where + ": 'parameters' must be a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        String key;
        while ((key = p.nextFieldName()) != null) {
            Object value =
                    switch (p.nextToken()) {
                        case VALUE_TRUE -> Boolean.TRUE;
                        case VALUE_FALSE -> Boolean.FALSE;
                        case VALUE_NUMBER_INT ->
                                p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                                        ? (Object) p.getDoubleValue()
                                        : (Object) p.getLongValue();
                        case VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                        case VALUE_STRING -> p.getText();
                        default ->
                                throw new InvalidRequestException(
                                        where
                                                + ": parameter '"
                                                + key
                                                + "' must be a boolean, number or string");
                    };
            out.put(key, value);
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
