package dev.ferry.api.deployment;

/**
 * One exact model version, as the server loads it.
 *
 * @param model the registered model's name
 * @param version its version number
 */
public record VersionKey(String model, int version) implements Comparable<VersionKey> {
    @Override
    public int compareTo(VersionKey o) {
        int byName = model.compareTo(o.model);
        return byName != 0 ? byName : Integer.compare(version, o.version);
    }

    @Override
    public String toString() {
        return model + "@" + version;
    }
}
