package dev.ferry.api.deployment;

import java.util.Map;
import java.util.Set;

/**
 * What the serving side runs now.
 *
 * @param deployments each served deployment's routing, by name
 * @param loaded the model versions loaded in the server
 */
public record ActualState(Map<String, Routing> deployments, Set<VersionKey> loaded) {
    public ActualState {
        deployments = Map.copyOf(deployments);
        loaded = Set.copyOf(loaded);
    }

    /** Nothing served, nothing loaded. */
    public static ActualState empty() {
        return new ActualState(Map.of(), Set.of());
    }
}
