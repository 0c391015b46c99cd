package dev.ferry.core.engine;

import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.step.StepCatalog;
import dev.ferry.core.validation.ManifestValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** Runs one manifest in its own JVM, so that a test can kill the engine with SIGKILL mid-run. */
final class EngineProcessMain {
    private EngineProcessMain() {}

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path manifest = Path.of(args[1]);
        StepCatalog catalog = StepCatalog.discover();
        ManifestValidator validator = new ManifestValidator(ManifestLoader.standard(), catalog);
        byte[] bytes = Files.readAllBytes(manifest);
        try (var metadata = MetadataStores.openEmbedded(home);
                var artifacts = new FileSystemArtifactStore(home.resolve("artifacts"));
                var engine =
                        new Engine(
                                metadata,
                                artifacts,
                                catalog,
                                PlanLoader.of(validator),
                                Optional.empty(),
                                Clock.systemUTC(),
                                EngineOptions.defaults(home).withWorkingDirectory(home))) {
            var plan =
                    validator.plan(
                            manifest.toString(),
                            new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            engine.start(plan, RunRequest.of(manifest.toString(), bytes)).await();
        }
    }
}
