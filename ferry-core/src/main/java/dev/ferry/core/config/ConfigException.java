package dev.ferry.core.config;

import dev.ferry.api.FerryException;

/** Ferry's configuration is malformed or names something that cannot be used. */
public class ConfigException extends FerryException {
    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
