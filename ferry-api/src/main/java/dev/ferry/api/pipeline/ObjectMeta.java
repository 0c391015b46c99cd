package dev.ferry.api.pipeline;

import java.util.Map;

/** The {@code metadata:} block of a manifest. */
public record ObjectMeta(String name, Map<String, String> labels, Map<String, String> annotations) {

    public ObjectMeta {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public static ObjectMeta named(String name) {
        return new ObjectMeta(name, Map.of(), Map.of());
    }
}
