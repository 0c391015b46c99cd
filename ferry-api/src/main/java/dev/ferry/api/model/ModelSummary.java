package dev.ferry.api.model;

import java.time.Instant;
import java.util.Map;

/**
 * A registered model at a glance.
 *
 * @param name the model's name
 * @param latestVersion its highest version number
 * @param versionCount how many versions it has
 * @param aliases its aliases and the version each points at
 * @param updatedAt when its latest version was registered
 */
public record ModelSummary(
        String name,
        int latestVersion,
        int versionCount,
        Map<String, Integer> aliases,
        Instant updatedAt) {
    public ModelSummary {
        aliases = Map.copyOf(aliases);
    }
}
