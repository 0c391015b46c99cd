package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.execution.HomeLayout;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.registry.JdbcModelRegistry;
import java.time.Clock;

/**
 * The composition root of one CLI invocation: opens the stores the configuration names, once, and
 * closes them at the end. Commands ask it for what they need.
 */
final class Workspace implements AutoCloseable {
    private final FerryConfig config;
    private JdbcMetadataStore metadata;
    private ArtifactStore artifacts;
    private ModelRegistry registry;

    private Workspace(FerryConfig config) {
        this.config = config;
    }

    static Workspace open(GlobalOptions options) {
        return new Workspace(options.config());
    }

    FerryConfig config() {
        return config;
    }

    HomeLayout layout() {
        return new HomeLayout(config.home());
    }

    Clock clock() {
        return Clock.systemUTC();
    }

    MetadataStore metadata() {
        if (metadata == null) {
            try {
                metadata = MetadataStores.open(config.databaseUrl());
            } catch (FerryException e) {
                throw new UnavailableException(e.getMessage(), e);
            }
        }
        return metadata;
    }

    ArtifactStore artifacts() {
        if (artifacts == null) {
            artifacts = new FileSystemArtifactStore(config.artifacts());
        }
        return artifacts;
    }

    ModelRegistry registry() {
        if (registry == null) {
            metadata();
            registry = new JdbcModelRegistry(metadata.jdbi(), clock());
        }
        return registry;
    }

    /** Finds a run by id or unique prefix; an unknown one is the user's input error. */
    RunRecord run(String idOrPrefix) {
        return metadata()
                .findRun(idOrPrefix)
                .orElseThrow(
                        () ->
                                new UserInputException(
                                        "no run '"
                                                + idOrPrefix
                                                + "' in "
                                                + config.home()
                                                + " (see 'ferry runs')"));
    }

    @Override
    public void close() {
        if (artifacts != null) {
            artifacts.close();
        }
        if (metadata != null) {
            metadata.close();
        }
    }
}
