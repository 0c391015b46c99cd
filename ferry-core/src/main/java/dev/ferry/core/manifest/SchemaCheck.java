package dev.ferry.core.manifest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import com.networknt.schema.path.NodePath;
import dev.ferry.api.FerryException;
import dev.ferry.api.pipeline.Problem;
import dev.ferry.api.pipeline.SourceLocation;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Validates a document against a kind's JSON Schema and turns each schema error (a JSON pointer)
 * into a problem at the YAML line and column, worded for the person editing the file.
 */
final class SchemaCheck {
    private static final String EXPECTED = "x-expected";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Draft 2020-12 plus {@code x-expected}: the wording of "expected ..." in our messages. */
    private static final Dialect DIALECT =
            Dialect.builder(Dialects.getDraft202012())
                    .keyword(new NonValidationKeyword(EXPECTED))
                    .build();

    private final JsonNode schemaJson;
    private final Schema schema;

    private SchemaCheck(JsonNode schemaJson, Schema schema) {
        this.schemaJson = schemaJson;
        this.schema = schema;
    }

    /** Loads the schema resource {@code resource} with {@code loader}. */
    static SchemaCheck load(ClassLoader loader, String resource) {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new FerryException(
                        "JSON Schema " + resource + " is missing from the class path");
            }
            JsonNode json = JSON.readTree(in);
            Schema schema = SchemaRegistry.withDefaultDialect(DIALECT).getSchema(json);
            return new SchemaCheck(json, schema);
        } catch (IOException e) {
            throw new FerryException(
                    "cannot read JSON Schema " + resource + ": " + e.getMessage(), e);
        }
    }

    List<Problem> check(YamlNode document) {
        JsonNode instance = JSON.valueToTree(document.toJava());
        List<Problem> problems = new ArrayList<>();
        for (Error error : schema.validate(instance)) {
            problems.add(translate(error, document));
        }
        return problems;
    }

    private Problem translate(Error error, YamlNode document) {
        NodePath path = error.getInstanceLocation();
        YamlNode node = find(document, path).orElse(document);
        String field = fieldName(path);
        Optional<JsonNode> subschema = schemaAt(error, 1);
        String expected = subschema.map(s -> s.path(EXPECTED).asText(null)).orElse(null);
        return switch (error.getKeyword()) {
            case "required" -> {
                String missing = error.getProperty();
                yield new Problem(
                        node.at(),
                        "missing required field '"
                                + missing
                                + "'"
                                + (field.isEmpty() ? "" : " in " + field));
            }
            case "additionalProperties" -> {
                String unknown = error.getProperty();
                List<String> known = new ArrayList<>();
                subschema
                        .map(s -> s.path("properties"))
                        .ifPresent(p -> p.fieldNames().forEachRemaining(known::add));
                SourceLocation at =
                        node instanceof YamlNode.Mapping m
                                ? m.entry(unknown).map(YamlNode.Entry::keyAt).orElse(node.at())
                                : node.at();
                yield new Problem(
                        at,
                        "unknown field '"
                                + unknown
                                + "'"
                                + (field.isEmpty() ? "" : " in " + field)
                                + ClosestName.hint(unknown, known)
                                + (known.isEmpty()
                                        ? ""
                                        : "; expected one of: " + String.join(", ", known)));
            }
            case "type" -> new Problem(node.at(), typeMessage(field, error.getSchemaNode(), node));
            case "propertyNames" -> {
                String key = error.getProperty() == null ? "" : error.getProperty();
                SourceLocation at =
                        node instanceof YamlNode.Mapping m
                                ? m.entry(key).map(YamlNode.Entry::keyAt).orElse(node.at())
                                : node.at();
                String want =
                        Optional.ofNullable(
                                        resolve(error.getSchemaNode()).path(EXPECTED).asText(null))
                                .orElse("a valid name");
                yield new Problem(
                        at, "invalid name '" + key + "' in '" + field + "': expected " + want);
            }
            case "const", "enum" ->
                    new Problem(
                            node.at(),
                            "invalid value "
                                    + quote(node)
                                    + " for '"
                                    + field
                                    + "': expected "
                                    + error.getSchemaNode().toString().replace('"', '\''));
            case "minItems", "minProperties" ->
                    new Problem(node.at(), "'" + field + "' must not be empty");
            default -> {
                String what = expected != null ? expected : stripPath(error.getMessage());
                yield new Problem(
                        node.at(),
                        "invalid value "
                                + quote(node)
                                + (field.isEmpty() ? "" : " for '" + field + "'")
                                + ": expected "
                                + what);
            }
        };
    }

    private static String typeMessage(String field, JsonNode types, YamlNode node) {
        List<String> names = new ArrayList<>();
        if (types.isArray()) {
            types.forEach(t -> names.add(typeName(t.asText())));
        } else {
            names.add(typeName(types.asText()));
        }
        if (field.endsWith(".run") && node instanceof YamlNode.Scalar) {
            return "'run' must be an argv list such as [python3, train.py], never a shell string";
        }
        return "wrong type for '"
                + field
                + "': expected "
                + String.join(" or ", names)
                + ", got "
                + node.describe();
    }

    private static String typeName(String jsonType) {
        return switch (jsonType) {
            case "object" -> "a map";
            case "array" -> "a list";
            case "string" -> "a string";
            case "integer" -> "an integer";
            case "number" -> "a number";
            case "boolean" -> "a boolean (true or false)";
            default -> jsonType;
        };
    }

    private static String quote(YamlNode node) {
        return node instanceof YamlNode.Scalar s ? "'" + s.text() + "'" : node.describe();
    }

    private static String stripPath(String message) {
        int colon = message.indexOf(": ");
        return colon >= 0 && message.startsWith("$") ? message.substring(colon + 2) : message;
    }

    /**
     * The schema object that holds the failing keyword ({@code up} = 1 for the keyword's parent).
     */
    private Optional<JsonNode> schemaAt(Error error, int up) {
        NodePath fragment = error.getSchemaLocation().getFragment();
        JsonNode node = schemaJson;
        for (int i = 0; i < fragment.getNameCount() - up; i++) {
            Object element = fragment.getElement(i);
            node =
                    element instanceof Integer index
                            ? node.path(index)
                            : node.path(String.valueOf(element));
        }
        return node.isMissingNode() ? Optional.empty() : Optional.of(node);
    }

    /** Follows a local {@code $ref} ({@code #/$defs/...}) inside this schema. */
    private JsonNode resolve(JsonNode schemaNode) {
        String ref = schemaNode.path("$ref").asText("");
        if (!ref.startsWith("#/")) {
            return schemaNode;
        }
        return schemaJson.at(ref.substring(1));
    }

    private static Optional<YamlNode> find(YamlNode root, NodePath path) {
        YamlNode node = root;
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (node instanceof YamlNode.Mapping m) {
                Optional<YamlNode> next = m.get(String.valueOf(element));
                if (next.isEmpty()) {
                    return Optional.of(node);
                }
                node = next.get();
            } else if (node instanceof YamlNode.Sequence s
                    && element instanceof Integer index
                    && index < s.items().size()) {
                node = s.items().get(index);
            } else {
                return Optional.of(node);
            }
        }
        return Optional.of(node);
    }

    /** The dotted field path, e.g. {@code spec.steps[2].retry.limit}. */
    private static String fieldName(NodePath path) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < path.getNameCount(); i++) {
            Object element = path.getElement(i);
            if (element instanceof Integer index) {
                out.append('[').append(index).append(']');
            } else {
                if (!out.isEmpty()) {
                    out.append('.');
                }
                out.append(element);
            }
        }
        return out.toString();
    }
}
