package dev.ferry.core.manifest;

import dev.ferry.api.pipeline.SourceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML value with the place it was written: mappings keep their key order and the location of
 * each key, scalars carry their typed value (YAML 1.2 core schema).
 */
public sealed interface YamlNode {

    /** Where the node starts (for a quoted scalar: its first character inside the quotes). */
    SourceLocation at();

    /**
     * The plain Java value: Map (ordered), List, String, Integer/Long/BigInteger, Double, Boolean,
     * null.
     */
    Object toJava();

    /** What the node is, for messages: "a map", "a list", "a string", "a number"... */
    String describe();

    /** One {@code key: value} pair of a mapping. */
    record Entry(String key, SourceLocation keyAt, YamlNode value) {}

    /** A mapping; keys are strings (other scalar keys are read as their text). */
    record Mapping(List<Entry> entries, SourceLocation at) implements YamlNode {
        public Mapping {
            entries = List.copyOf(entries);
        }

        public Optional<YamlNode> get(String key) {
            return entry(key).map(Entry::value);
        }

        public Optional<Entry> entry(String key) {
            return entries.stream().filter(e -> e.key().equals(key)).findFirst();
        }

        @Override
        public Object toJava() {
            Map<String, Object> map = new LinkedHashMap<>();
            entries.forEach(e -> map.put(e.key(), e.value().toJava()));
            return map;
        }

        @Override
        public String describe() {
            return "a map";
        }
    }

    /** A sequence. */
    record Sequence(List<YamlNode> items, SourceLocation at) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }

        @Override
        public Object toJava() {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(i -> list.add(i.toJava()));
            return list;
        }

        @Override
        public String describe() {
            return "a list";
        }
    }

    /** A scalar and its typed value. */
    record Scalar(Object value, String text, SourceLocation at) implements YamlNode {
        @Override
        public Object toJava() {
            return value;
        }

        @Override
        public String describe() {
            return switch (value) {
                case null -> "null";
                case String s -> "a string";
                case Boolean b -> "a boolean";
                case Number n -> "a number";
                default -> "a scalar";
            };
        }
    }
}
