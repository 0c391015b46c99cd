package dev.ferry.core.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.ferry.api.artifact.Digest;
import dev.ferry.api.model.ModelRegistryException;
import dev.ferry.api.model.ModelSignature;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The JSON columns of the registry tables: signatures, data digests and parameters. */
final class RegistryJson {
    private final ObjectMapper mapper =
            new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    String signature(ModelSignature signature) {
        return write(signature);
    }

    ModelSignature signature(String json) {
        return read(json, new TypeReference<>() {});
    }

    String data(Map<String, Digest> data) {
        Map<String, String> text = new TreeMap<>();
        data.forEach((role, digest) -> text.put(role, digest.toString()));
        return write(text);
    }

    Map<String, Digest> data(String json) {
        Map<String, String> text = read(json, new TypeReference<>() {});
        Map<String, Digest> data = new LinkedHashMap<>();
        text.forEach((role, digest) -> data.put(role, Digest.parse(digest)));
        return data;
    }

    String parameters(Map<String, Object> parameters) {
        return write(parameters);
    }

    Map<String, Object> parameters(String json) {
        return read(json, new TypeReference<>() {});
    }

    private String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new ModelRegistryException(
                    "cannot store " + value + " as JSON: " + e.getOriginalMessage(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type) {
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ModelRegistryException(
                    "the registry holds unreadable JSON '" + json + "': " + e.getOriginalMessage(),
                    e);
        }
    }
}
