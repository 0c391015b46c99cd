package dev.ferry.serving.repository;

import java.nio.file.Path;
import java.util.List;

/** A model as found in a repository: its configuration and the version directories present. */
public record ModelFiles(ModelConfig config, List<VersionFiles> versions) {
    public ModelFiles {
        versions = List.copyOf(versions);
    }

    /** The versions the configuration's version policy selects. */
    public List<VersionFiles> selected() {
        List<Long> chosen =
                config.versionPolicy()
                        .select(versions.stream().map(VersionFiles::version).toList());
        return versions.stream().filter(v -> chosen.contains(v.version())).toList();
    }

    /**
     * One version directory; the fingerprint changes whenever a file in it or the model's
     * configuration changes, so a poller can tell what to reload.
     */
    public record VersionFiles(long version, Path directory, String fingerprint) {}
}
