package dev.ferry.core.engine;

import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.pipeline.ObjectMeta;
import dev.ferry.api.pipeline.Pipeline;
import dev.ferry.api.pipeline.SourceLocation;
import dev.ferry.api.step.Step;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.plan.Plan;
import dev.ferry.core.plan.Planner;
import dev.ferry.core.step.StepCatalog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A real engine on SQLite and a filesystem artifact store in a temporary FERRY_HOME. */
final class EngineFixture implements AutoCloseable {
    final Path home;
    final MetadataStore metadata;
    final FileSystemArtifactStore artifacts;
    final StepCatalog catalog;
    private final List<Engine> engines = new ArrayList<>();
    private Plan plan;

    EngineFixture(Path home, Step... steps) {
        this.home = home;
        this.metadata = MetadataStores.openEmbedded(home);
        this.artifacts = new FileSystemArtifactStore(home.resolve("artifacts"));
        this.catalog = TestCatalogs.of(steps);
    }

    static Plan plan(String name, Map<String, Object> params, StepBuilder... steps) {
        return new Planner()
                .plan(
                        new Pipeline(
                                ObjectMeta.named(name),
                                params,
                                Map.of(),
                                java.util.Arrays.stream(steps).map(StepBuilder::build).toList(),
                                SourceLocation.unknown("pipeline.yaml")));
    }

    EngineOptions options() {
        return EngineOptions.defaults(home)
                .withWorkingDirectory(home)
                .withApprovalPoll(Duration.ofMillis(50))
                .withKillGrace(Duration.ofSeconds(2));
    }

    Engine engine() {
        return engine(options());
    }

    Engine engine(EngineOptions options) {
        Engine engine =
                new Engine(
                        metadata,
                        artifacts,
                        catalog,
                        (path, bytes) -> plan,
                        Optional.empty(),
                        Clock.systemUTC(),
                        options);
        engines.add(engine);
        return engine;
    }

    RunRecord run(Plan planned) {
        return start(planned, RunRequest.of("pipeline.yaml", bytes(planned))).await();
    }

    RunHandle start(Plan planned, RunRequest request) {
        this.plan = planned;
        return engine().start(planned, request);
    }

    static byte[] bytes(Plan planned) {
        return planned.pipeline().toString().getBytes(StandardCharsets.UTF_8);
    }

    List<StepRunRecord> steps(String runId, String step) {
        return metadata.stepRuns(runId).stream().filter(s -> s.stepName().equals(step)).toList();
    }

    @Override
    public void close() {
        engines.forEach(Engine::close);
        metadata.close();
    }
}
