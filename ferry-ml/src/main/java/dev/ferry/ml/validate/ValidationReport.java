package dev.ferry.ml.validate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ferry.ml.data.AtomicFile;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a validation: every anomaly found, and the distances measured per column.
 *
 * @param rows rows in the validated dataset
 * @param anomalies what differs from the expectations; empty when the data passed
 * @param distances per column, {@code jensenShannon} and {@code psi} against the reference
 */
public record ValidationReport(
        long rows, List<Anomaly> anomalies, Map<String, Map<String, Double>> distances) {
    public ValidationReport {
        anomalies = List.copyOf(anomalies);
        distances = Map.copyOf(distances);
    }

    public boolean passed() {
        return anomalies.isEmpty();
    }

    /** Text for logs and error messages, one anomaly per line. */
    public String describe() {
        if (passed()) {
            return "validation passed: " + rows + " rows match the expectations";
        }
        StringBuilder text =
                new StringBuilder(
                        "validation found "
                                + anomalies.size()
                                + (anomalies.size() == 1 ? " anomaly" : " anomalies")
                                + " in "
                                + rows
                                + " rows:");
        for (Anomaly anomaly : anomalies) {
            text.append("\n  - ").append(anomaly.describe());
        }
        return text.toString();
    }

    /**
     * Writes {@code report.json}: passed, rows, anomalies (kind, column, expected, observed,
     * message), distances.
     */
    public void write(Path target) {
        ObjectMapper mapper =
                new ObjectMapper()
                        .enable(
                                SerializationFeature.INDENT_OUTPUT,
                                SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
        ObjectNode root = mapper.createObjectNode();
        root.put("format", "ferry-validation/1");
        root.put("passed", passed());
        root.put("rows", rows);
        ArrayNode list = root.putArray("anomalies");
        for (Anomaly anomaly : anomalies) {
            list.addObject()
                    .put("kind", anomaly.kind().label())
                    .put("column", anomaly.column())
                    .put("expected", anomaly.expected())
                    .put("observed", anomaly.observed())
                    .put("message", anomaly.describe());
        }
        root.set("distances", mapper.valueToTree(new java.util.TreeMap<>(distances)));
        root.put("summary", describe());
        AtomicFile.writeString(target, root.toPrettyString() + "\n");
    }
}
