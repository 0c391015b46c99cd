package dev.ferry.core.engine;

import dev.ferry.api.pipeline.Pipeline;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/** A run's parameters: the pipeline's defaults with the user's overrides applied and typed. */
final class RunParams {
    private RunParams() {}

    static Map<String, Object> merge(Pipeline pipeline, Map<String, Object> overrides) {
        Map<String, Object> params = new LinkedHashMap<>(pipeline.params());
        for (var override : overrides.entrySet()) {
            String name = override.getKey();
            if (!pipeline.params().containsKey(name)) {
                throw new EngineException(
                        "unknown parameter '"
                                + name
                                + "': pipeline '"
                                + pipeline.metadata().name()
                                + "' declares "
                                + (pipeline.params().isEmpty()
                                        ? "no parameters"
                                        : String.join(
                                                ", ", new TreeSet<>(pipeline.params().keySet()))));
            }
            params.put(name, typed(name, override.getValue(), pipeline.params().get(name)));
        }
        params.values().removeIf(java.util.Objects::isNull);
        return params;
    }

    /** A string from the command line takes the type of the parameter's default. */
    private static Object typed(String name, Object value, Object defaultValue) {
        if (!(value instanceof String text)) {
            return value;
        }
        try {
            return switch (defaultValue) {
                case Integer i -> Integer.valueOf(text.trim());
                case Long l -> Long.valueOf(text.trim());
                case Number n -> Double.valueOf(text.trim());
                case Boolean b ->
                        switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                            case "true", "yes", "on" -> Boolean.TRUE;
                            case "false", "no", "off" -> Boolean.FALSE;
                            default -> throw new NumberFormatException();
                        };
                case null, default -> text;
            };
        } catch (NumberFormatException e) {
            throw new EngineException(
                    "parameter '"
                            + name
                            + "' must be a "
                            + (defaultValue instanceof Boolean ? "boolean (true/false)" : "number")
                            + " like its default "
                            + defaultValue
                            + ", got '"
                            + text
                            + "'");
        }
    }
}
