package dev.ferry.cli;

import dev.ferry.api.FerryException;
import dev.ferry.api.artifact.ArtifactStore;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.model.ModelRegistry;
import dev.ferry.api.promotion.PromotionStore;
import dev.ferry.api.rollout.RolloutStore;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.config.FerryConfig;
import dev.ferry.core.engine.Engine;
import dev.ferry.core.engine.EngineOptions;
import dev.ferry.core.engine.PlanLoader;
import dev.ferry.core.execution.HomeLayout;
import dev.ferry.core.execution.StepServices;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.promotion.JdbcPromotionStore;
import dev.ferry.core.registry.JdbcModelRegistry;
import dev.ferry.core.rollout.JdbcRolloutStore;
import dev.ferry.core.step.StepCatalog;
import dev.ferry.core.validation.ManifestValidator;
import dev.ferry.gitops.secret.SealedSecret;
import dev.ferry.gitops.secret.SealingKeys;
import dev.ferry.gitops.secret.Secret;
import dev.ferry.gitops.step.PromotionService;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The composition root of one CLI invocation: opens the stores the configuration names, once, and
 * closes them at the end. Commands ask it for what they need.
 */
final class Workspace implements AutoCloseable {
    private final FerryConfig config;
    private JdbcMetadataStore metadata;
    private ArtifactStore artifacts;
    private ModelRegistry registry;
    private RolloutStore rollouts;
    private Engine engine;
    private StepCatalog catalog;
    private ManifestValidator validator;

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

    /** Rollout records and deployment statuses, in the metadata database. */
    RolloutStore rollouts() {
        if (rollouts == null) {
            metadata();
            rollouts = new JdbcRolloutStore(metadata.jdbi());
        }
        return rollouts;
    }

    /**
     * The engine, with built-in steps from the class path and the registry offered to steps.
     * Process steps start in, and relative file names resolve against, {@code workingDirectory}:
     * the directory of the pipeline manifest.
     */
    Engine engine(Path workingDirectory) {
        if (engine == null) {
            StepServices services =
                    new StepServices()
                            .with(ModelRegistry.class, registry())
                            .with(ArtifactStore.class, artifacts())
                            .with(MetadataStore.class, metadata())
                            .with(PromotionService.class, new WorkspacePromotions(this));
            engine =
                    new Engine(
                            metadata(),
                            artifacts(),
                            catalog(),
                            PlanLoader.of(validator()),
                            Optional.empty(),
                            clock(),
                            EngineOptions.defaults(config.home())
                                    .withWorkingDirectory(workingDirectory)
                                    .withServices(services));
        }
        return engine;
    }

    /** Built-in steps on the class path, discovered once per invocation. */
    StepCatalog catalog() {
        if (catalog == null) {
            catalog = StepCatalog.discover();
        }
        return catalog;
    }

    /**
     * The validator for every manifest kind and built-in step; loading its schemas is the costly
     * part of start-up, so run and resume share this one.
     */
    ManifestValidator validator() {
        if (validator == null) {
            validator = new ManifestValidator(ManifestLoader.standard(), catalog());
        }
        return validator;
    }

    /** The engine for an existing run: it works in the directory of the run's manifest. */
    Engine engineFor(RunRecord run) {
        Path manifest = Path.of(run.manifestPath()).toAbsolutePath();
        return engine(manifest.getParent());
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

    /** Promotion requests, in the metadata database. */
    PromotionStore promotions() {
        metadata();
        return new JdbcPromotionStore(metadata.jdbi());
    }

    /**
     * The sealed secret named by {@code gitops.credentials} (an HTTPS remote's token, or an SSH
     * remote's private key), opened in memory with the reconciler's private key in this home; empty
     * when none is configured.
     */
    Optional<Secret> sealedGitSecret() {
        return config.gitops()
                .credentials()
                .map(file -> SealingKeys.in(config.home()).opener().open(SealedSecret.read(file)));
    }

    @Override
    public void close() {
        if (engine != null) {
            engine.close();
        }
        if (artifacts != null) {
            artifacts.close();
        }
        if (metadata != null) {
            metadata.close();
        }
    }
}
