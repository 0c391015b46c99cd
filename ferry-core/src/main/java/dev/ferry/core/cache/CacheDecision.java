package dev.ferry.core.cache;

import dev.ferry.api.metadata.EventRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the engine decided about the cache for one attempt, with the key's components; appended to
 * the run's event log so {@code ferry explain} can compare runs later.
 *
 * @param key the attempt's key, empty when caching was disabled before a key was needed
 * @param cachedFrom for a hit, the step run whose outputs were reused
 * @param reason for {@link Outcome#DISABLED}, why
 */
public record CacheDecision(
        String stepRunId,
        String step,
        int matrixIndex,
        Optional<CacheKey> key,
        Outcome outcome,
        Optional<String> cachedFrom,
        Optional<String> reason) {

    /** The event type decisions are logged under. */
    public static final String EVENT_TYPE = "dev.ferry.step.cache";

    /** Whether the outputs were reused. */
    public enum Outcome {
        HIT,
        MISS,
        DISABLED
    }

    /** The event payload. */
    public Map<String, Object> toEventData() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("stepRunId", stepRunId);
        data.put("step", step);
        data.put("matrixIndex", matrixIndex);
        data.put("outcome", outcome.name());
        key.ifPresent(
                k -> {
                    data.put("key", k.value());
                    data.put("components", new TreeMap<>(k.components()));
                });
        cachedFrom.ifPresent(c -> data.put("cachedFrom", c));
        reason.ifPresent(r -> data.put("reason", r));
        return data;
    }

    /** Reads a decision back from the event log; empty for other events. */
    public static Optional<CacheDecision> fromEvent(EventRecord event) {
        if (!EVENT_TYPE.equals(event.type())) {
            return Optional.empty();
        }
        Map<String, Object> data = event.data();
        Optional<CacheKey> key = Optional.empty();
        if (data.get("key") instanceof String value
                && data.get("components") instanceof Map<?, ?> c) {
            Map<String, String> components = new TreeMap<>();
            c.forEach((k, v) -> components.put(String.valueOf(k), String.valueOf(v)));
            key = Optional.of(new CacheKey(value, new TreeMap<>(components)));
        }
        return Optional.of(
                new CacheDecision(
                        String.valueOf(data.get("stepRunId")),
                        String.valueOf(data.get("step")),
                        data.get("matrixIndex") instanceof Number n ? n.intValue() : 0,
                        key,
                        Outcome.valueOf(String.valueOf(data.get("outcome"))),
                        Optional.ofNullable(data.get("cachedFrom")).map(String::valueOf),
                        Optional.ofNullable(data.get("reason")).map(String::valueOf)));
    }
}
