package dev.ferry.ml.validate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ml.data.AtomicFile;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.profile.DatasetProfile;
import dev.ferry.ml.profile.ProfileCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads and writes {@code schema.json}: {@code {"format": "ferry-expectations/1", "schema": {...},
 * "columns": [{"name", "min", "max", "maxMissingFraction", "allowNaN"}], "reference": {profile}}}.
 */
public final class ExpectationsCodec {
    public static final String FORMAT = "ferry-expectations/1";

    private final ObjectMapper mapper =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final ProfileCodec profiles = new ProfileCodec();

    public void write(Expectations expectations, Path target) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode profile = profiles.toTree(expectations.reference());
        root.set("schema", profile.get("schema"));
        ArrayNode columns = root.putArray("columns");
        for (ColumnExpectation column : expectations.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", column.name());
            column.min().ifPresent(v -> node.put("min", v));
            column.max().ifPresent(v -> node.put("max", v));
            node.put("maxMissingFraction", column.maxMissingFraction());
            node.put("allowNaN", column.allowNaN());
        }
        root.set("reference", profile);
        try {
            AtomicFile.writeString(target, mapper.writeValueAsString(root) + "\n");
        } catch (IOException e) {
            throw new DataException("cannot encode the expectations: " + e.getMessage(), e);
        }
    }

    /** Reads a schema artifact: a JSON file, or a directory holding {@code schema.json}. */
    public Expectations read(Path artifact) {
        Path file = Files.isDirectory(artifact) ? artifact.resolve("schema.json") : artifact;
        JsonNode root;
        try {
            root = mapper.readTree(file.toFile());
        } catch (IOException e) {
            throw new DataException(
                    "schema " + file + " is not readable JSON: " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new DataException(
                    "schema "
                            + file
                            + ": expected format '"
                            + FORMAT
                            + "' (written by ferry/validate), found '"
                            + (root == null ? "" : root.path("format").asText())
                            + "'");
        }
        ObjectNode reference = (ObjectNode) root.path("reference");
        // the top-level schema is the one a person edits; it wins over the profile's copy
        reference.set("schema", root.path("schema"));
        DatasetProfile profile = profiles.fromTree(reference, file.toString());
        List<ColumnExpectation> columns = new ArrayList<>();
        for (JsonNode node : root.path("columns")) {
            columns.add(
                    new ColumnExpectation(
                            node.path("name").asText(),
                            node.has("min")
                                    ? Optional.of(node.get("min").asDouble())
                                    : Optional.empty(),
                            node.has("max")
                                    ? Optional.of(node.get("max").asDouble())
                                    : Optional.empty(),
                            node.path("maxMissingFraction").asDouble(0),
                            node.path("allowNaN").asBoolean(false)));
        }
        List<String> names = profile.schema().names();
        if (!columns.stream().map(ColumnExpectation::name).toList().equals(names)) {
            throw new DataException(
                    "schema "
                            + file
                            + ": 'columns' must list the schema's columns "
                            + names
                            + " in order");
        }
        return new Expectations(profile, columns);
    }
}
