package dev.ferry.client;

/** The model a call is about; an empty version lets the server choose (usually the latest). */
public record ModelTarget(String name, String version) {
    public ModelTarget {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a model name is required");
        }
        version = version == null ? "" : version;
    }

    /** The server's default version of the model. */
    public static ModelTarget of(String name) {
        return new ModelTarget(name, "");
    }

    /** One version of the model. */
    public static ModelTarget of(String name, String version) {
        return new ModelTarget(name, version);
    }

    /** Whether a version was named. */
    public boolean hasVersion() {
        return !version.isEmpty();
    }
}
