package dev.ferry.core.expression;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** A scope backed by a map from reference text to value, for tests. */
final class MapScope implements Scope {
    private final Map<String, Object> values = new HashMap<>();
    private boolean failed;

    MapScope with(String reference, Object value) {
        values.put(reference, value);
        return this;
    }

    MapScope failed() {
        failed = true;
        return this;
    }

    @Override
    public Optional<Object> lookup(Reference reference) {
        return Optional.ofNullable(values.get(reference.text()));
    }

    @Override
    public boolean upstreamFailed() {
        return failed;
    }
}
