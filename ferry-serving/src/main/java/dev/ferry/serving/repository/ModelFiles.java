package dev.ferry.serving.repository;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

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
     * configuration changes, so a poller can tell what to reload. {@code config} overrides the
     * model's configuration for this version alone (registered versions of one model may differ in
     * format and signature).
     */
    public record VersionFiles(
            long version, Path directory, String fingerprint, Optional<ModelConfig> config) {

        /** A version served with the model's configuration. */
        public VersionFiles(long version, Path directory, String fingerprint) {
            this(version, directory, fingerprint, Optional.empty());
        }
    }
}
