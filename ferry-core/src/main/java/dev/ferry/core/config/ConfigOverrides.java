package dev.ferry.core.config;

import java.nio.file.Path;
import java.util.Optional;

/** Settings given on the command line; each one beats the environment and {@code ferry.yaml}. */
public record ConfigOverrides(
        Optional<Path> home, Optional<String> databaseUrl, Optional<Path> artifacts) {

    public static ConfigOverrides none() {
        return new ConfigOverrides(Optional.empty(), Optional.empty(), Optional.empty());
    }
}
