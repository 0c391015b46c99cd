package dev.ferry.serving.inference;

/**
 * Which model a call addresses: a name and a version, where an empty version lets the server choose
 * (the highest ready version), as in the protocol.
 */
public record ModelTarget(String name, String version) {
    public ModelTarget {
        if (name == null || name.isEmpty()) {
            throw new dev.ferry.serving.InvalidRequestException("a model name is required");
        }
        version = version == null ? "" : version;
    }

    /** The server's choice of version. */
    public static ModelTarget of(String name) {
        return new ModelTarget(name, "");
    }

    /** Whether the version was left to the server. */
    public boolean anyVersion() {
        return version.isEmpty();
    }

    @Override
    public String toString() {
        return anyVersion() ? name : name + " version " + version;
    }
}
