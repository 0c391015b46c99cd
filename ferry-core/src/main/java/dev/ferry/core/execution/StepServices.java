package dev.ferry.core.execution;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The services the engine hands to built-in steps through {@code StepContext.service}. */
public final class StepServices {
    private final Map<Class<?>, Object> services = new LinkedHashMap<>();

    /** Offers {@code service} to steps asking for {@code type}. */
    public <T> StepServices with(Class<T> type, T service) {
        services.put(type, type.cast(service));
        return this;
    }

    /** The service registered for {@code type}, if any. */
    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(services.get(type)).map(type::cast);
    }
}
