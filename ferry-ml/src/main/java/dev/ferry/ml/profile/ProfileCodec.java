package dev.ferry.ml.profile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ml.data.AtomicFile;
import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.DatasetSchema;
import dev.ferry.ml.data.SchemaJson;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.FrequentItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;

/**
 * Reads and writes {@code profile.json}: per column the counts, range and mean a person reads,
 * summary quantiles and top items, and the serialized DataSketches ({@code sketch}, base64) that
 * make profiles mergeable. Only the counts and sketches are read back; summaries are recomputed.
 */
public final class ProfileCodec {
    /** The media type of profile artifacts. */
    public static final String MEDIA_TYPE = "application/json";

    public static final String FORMAT = "ferry-profile/1";
    private static final double[] SUMMARY_RANKS = {0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1};
    private static final int TOP_ITEMS = 20;

    private final ObjectMapper mapper =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final SchemaJson schemaJson = new SchemaJson();

    public void write(DatasetProfile profile, Path target) {
        String json;
        try {
            json = mapper.writeValueAsString(toTree(profile));
        } catch (IOException e) {
            throw new DataException("cannot encode the profile: " + e.getMessage(), e);
        }
        AtomicFile.writeString(target, json + "\n");
    }

    public ObjectNode toTree(DatasetProfile profile) {
        ObjectNode root = mapper.createObjectNode();
        root.put("format", FORMAT);
        root.put("rows", profile.rows());
        root.set("schema", schemaJson.toTree(profile.schema()));
        ArrayNode columns = root.putArray("columns");
        for (ColumnProfile column : profile.columns()) {
            ObjectNode node = columns.addObject();
            node.put("name", column.spec().name());
            node.put("type", column.spec().describeType());
            node.put("count", column.count());
            node.put("missing", column.missing());
            node.put("nan", column.nan());
            node.put("values", column.values());
            column.min().ifPresent(v -> node.put("min", v));
            column.max().ifPresent(v -> node.put("max", v));
            column.mean().ifPresent(v -> node.put("mean", v));
            if (column.min().isPresent()) {
                node.put("sum", column.sum());
                ObjectNode quantiles = node.putObject("quantiles");
                for (double rank : SUMMARY_RANKS) {
                    column.quantile(rank)
                            .ifPresent(q -> quantiles.put("p" + Math.round(rank * 100), q));
                }
            }
            column.quantiles()
                    .ifPresent(
                            kll ->
                                    node.put(
                                            "sketch",
                                            Base64.getEncoder().encodeToString(kll.toByteArray())));
            column.frequent()
                    .ifPresent(
                            items -> {
                                ArrayNode top = node.putArray("top");
                                for (Map.Entry<String, Long> item :
                                        column.topItems(TOP_ITEMS).entrySet()) {
                                    top.addObject()
                                            .put("value", item.getKey())
                                            .put("count", item.getValue());
                                }
                                node.put(
                                        "sketch",
                                        Base64.getEncoder()
                                                .encodeToString(
                                                        items.toByteArray(
                                                                new ArrayOfStringsSerDe())));
                            });
        }
        return root;
    }

    /**
     * Reads a profile artifact: a {@code .json} file, or a directory holding {@code profile.json}.
     */
    public DatasetProfile read(Path artifact) {
        Path file = Files.isDirectory(artifact) ? artifact.resolve("profile.json") : artifact;
        try {
            return fromTree(mapper.readTree(file.toFile()), file.toString());
        } catch (IOException e) {
            throw new DataException(
                    "profile " + file + " is not readable JSON: " + e.getMessage(), e);
        }
    }

    /** Reads a profile from its JSON tree; {@code source} names it in messages. */
    public DatasetProfile fromTree(JsonNode root, String source) {
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new DataException(
                    "profile "
                            + source
                            + ": expected format '"
                            + FORMAT
                            + "', found '"
                            + root.path("format").asText()
                            + "'");
        }
        DatasetSchema schema = schemaJson.fromTree(root.path("schema"));
        JsonNode nodes = root.path("columns");
        if (nodes.size() != schema.columns().size()) {
            throw new DataException(
                    "profile "
                            + source
                            + ": "
                            + nodes.size()
                            + " column profiles for "
                            + schema.columns().size()
                            + " columns");
        }
        List<ColumnProfile> columns = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            columns.add(column(schema.columns().get(i), nodes.get(i), source));
        }
        return new DatasetProfile(schema, columns, root.path("rows").asLong());
    }

    private static ColumnProfile column(ColumnSpec spec, JsonNode node, String source) {
        byte[] sketch = Base64.getDecoder().decode(node.path("sketch").asText(""));
        ColumnProfile profile;
        try {
            profile =
                    switch (spec.type()) {
                        case NUMBER, TENSOR ->
                                new ColumnProfile(
                                        spec,
                                        KllDoublesSketch.heapify(MemorySegment.ofArray(sketch)),
                                        null);
                        case CATEGORY, STRING ->
                                new ColumnProfile(
                                        spec,
                                        null,
                                        FrequentItemsSketch.getInstance(
                                                MemorySegment.ofArray(sketch),
                                                new ArrayOfStringsSerDe()));
                    };
        } catch (RuntimeException e) {
            throw new DataException(
                    "profile "
                            + source
                            + ": the sketch of column '"
                            + spec.name()
                            + "' is corrupt ("
                            + e.getMessage()
                            + ")",
                    e);
        }
        profile.restoreCounts(
                node.path("count").asLong(),
                node.path("missing").asLong(),
                node.path("nan").asLong(),
                node.path("values").asLong(),
                node.has("min") ? node.get("min").asDouble() : Double.POSITIVE_INFINITY,
                node.has("max") ? node.get("max").asDouble() : Double.NEGATIVE_INFINITY,
                node.path("sum").asDouble(0));
        return profile;
    }
}
