package dev.ferry.api.metadata;

import java.time.Instant;
import java.util.Map;

/** An entry of the append-only event log; {@code seq} is assigned by the store. */
public record EventRecord(
        long seq, String runId, Instant time, String type, Map<String, Object> data) {

    public EventRecord {
        data = Map.copyOf(data);
    }
}
