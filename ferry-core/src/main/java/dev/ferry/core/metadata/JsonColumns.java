package dev.ferry.core.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.api.metadata.MetadataException;
import java.util.Map;

/** Writes and reads the JSON columns (params, inputs, matrix values, event data, outputs). */
final class JsonColumns {
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

    private final ObjectMapper mapper;

    JsonColumns(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new MetadataException(
                    "cannot store a value as JSON ("
                            + value.getClass().getName()
                            + "): "
                            + e.getOriginalMessage(),
                    e);
        }
    }

    Map<String, Object> readMap(String json) {
        try {
            return mapper.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new MetadataException("the metadata database holds malformed JSON: " + json, e);
        }
    }

    Object readValue(String json) {
        try {
            return mapper.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new MetadataException("the metadata database holds malformed JSON: " + json, e);
        }
    }
}
