package dev.ferry.ml.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON form of a {@link DatasetSchema}, as stored in an Arrow file's metadata under {@value
 * #METADATA_KEY}: {@code {"format":"ferry-dataset/1","label":"y","columns":[{"name":"x",
 * "type":"number"},{"name":"c","type":"category","categories":["a","b"]},{"name":"img",
 * "type":"tensor","width":784}]}}.
 */
public final class SchemaJson {
    public static final String METADATA_KEY = "ferry.schema";
    public static final String FORMAT = "ferry-dataset/1";

    private final ObjectMapper mapper = new ObjectMapper();

    public ObjectNode toTree(DatasetSchema schema) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        schema.label().ifPresent(label -> root.put("label", label));
        ArrayNode columns = root.putArray("columns");
        for (ColumnSpec spec : schema.columns()) {
            ObjectNode column = columns.addObject();
            column.put("name", spec.name());
            column.put("type", spec.type().jsonName());
            if (spec.type() == ColumnType.CATEGORY) {
                ArrayNode categories = column.putArray("categories");
                spec.categories().forEach(categories::add);
            }
            if (spec.type() == ColumnType.TENSOR) {
                column.put("width", spec.width());
            }
        }
        return root;
    }

    public String toJson(DatasetSchema schema) {
        return toTree(schema).toString();
    }

    public DatasetSchema fromJson(String json) {
        try {
            return fromTree(mapper.readTree(json));
        } catch (JsonProcessingException e) {
            throw new DataException(
                    "dataset schema is not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    public DatasetSchema fromTree(JsonNode root) {
        JsonNode columns = root.path("columns");
        if (!columns.isArray()) {
            throw new DataException("dataset schema needs a 'columns' array");
        }
        List<ColumnSpec> specs = new ArrayList<>();
        for (JsonNode column : columns) {
            String name = column.path("name").asText("");
            ColumnType type = ColumnType.fromJson(column.path("type").asText(""));
            List<String> categories = new ArrayList<>();
            column.path("categories").forEach(c -> categories.add(c.asText()));
            int width = type == ColumnType.TENSOR ? column.path("width").asInt(0) : 1;
            specs.add(new ColumnSpec(name, type, categories, width));
        }
        Optional<String> label =
                root.hasNonNull("label")
                        ? Optional.of(root.get("label").asText())
                        : Optional.empty();
        return new DatasetSchema(specs, label);
    }
}
