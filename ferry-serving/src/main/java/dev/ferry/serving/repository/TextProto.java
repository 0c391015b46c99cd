package dev.ferry.serving.repository;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed protobuf text-format message (the syntax of {@code config.pbtxt}): each field name maps
 * to its values in order; a value is a String (quoted string, number or enum identifier) or a
 * nested TextProto. Parsing is schema-less; {@link ModelConfigReader} gives the fields meaning.
 */
public final class TextProto {
    private final Map<String, List<Object>> fields = new LinkedHashMap<>();

    void add(String field, Object value) {
        fields.computeIfAbsent(field, k -> new ArrayList<>()).add(value);
    }

    /** Every field name present. */
    public java.util.Set<String> names() {
        return fields.keySet();
    }

    /** The scalar values of a repeated or single field. */
    public List<String> strings(String field) {
        List<String> out = new ArrayList<>();
        for (Object v : fields.getOrDefault(field, List.of())) {
            if (v instanceof String s) {
                out.add(s);
            }
        }
        return out;
    }

    /** The single scalar value of a field, if present. */
    public Optional<String> string(String field) {
        List<String> values = strings(field);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** The nested messages of a field. */
    public List<TextProto> messages(String field) {
        List<TextProto> out = new ArrayList<>();
        for (Object v : fields.getOrDefault(field, List.of())) {
            if (v instanceof TextProto m) {
                out.add(m);
            }
        }
        return out;
    }

    /** The single nested message of a field, if present. */
    public Optional<TextProto> message(String field) {
        List<TextProto> values = messages(field);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.getLast());
    }

    /** Parses text format; errors carry the line and column. */
    public static TextProto parse(String text) {
        return new TextProtoParser(text).parseMessage();
    }
}
