package dev.ferry.serving.server;

import java.util.Locale;

/** When models are loaded and unloaded (the names follow Triton's {@code --model-control-mode}). */
public enum ModelControl {
    /** Load every model at start; the repository API may still load and unload. */
    NONE,
    /** Load nothing at start except the listed startup models; only the repository API loads. */
    EXPLICIT,
    /** Load every model at start and watch the repository, loading what appears or changes. */
    POLL;

    /** Parses {@code none}, {@code explicit} or {@code poll}, case-insensitively. */
    public static ModelControl parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown model control mode '" + text + "'; expected none, explicit or poll");
        }
    }
}
