package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.MetadataStore;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.cache.CacheExplainer;
import dev.ferry.core.cache.CacheExplanation;
import dev.ferry.core.execution.HomeLayout;
import dev.ferry.core.execution.StepLogs;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.step.StepCatalog;
import dev.ferry.core.validation.ManifestValidator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real pipeline of process steps, from YAML, on SQLite and the filesystem artifact store. */
class EnginePipelineIT {
    private static final String MANIFEST =
            """
            apiVersion: ferry.dev/v1
            kind: Pipeline
            metadata:
              name: words
            spec:
              params:
                repeat: 2
              steps:
                - name: write
                  run: [sh, -c, 'echo "$WORDS" | tr " " "\\n" > "$FERRY_OUTPUTS/words.txt"; echo wrote']
                  env:
                    WORDS: "alpha beta gamma"
                - name: count
                  run: [sh, -c, 'wc -l < "$FERRY_INPUTS/words" > "$FERRY_OUTPUTS/count.txt"; echo "{\\"name\\": \\"lines\\", \\"value\\": $(cat "$FERRY_OUTPUTS/count.txt")}" >> "$FERRY_METRICS"']
                  with:
                    words: ${{ steps.write.outputs.words }}
                - name: repeat
                  run: [sh, -c, 'for i in $(seq $N); do cat "$FERRY_INPUTS/count"; done > "$FERRY_OUTPUTS/report.txt"']
                  env:
                    N: ${{ params.repeat }}
                  with:
                    count: ${{ steps.count.outputs.count }}
                    times: ${{ params.repeat }}
            """;

    @Test
    void runsAPipelineOfProcessStepsThenServesAnIdenticalRunFromTheCacheAndExplainsAChange(
            @TempDir Path home) throws Exception {
        StepCatalog catalog = StepCatalog.discover();
        ManifestValidator validator = new ManifestValidator(ManifestLoader.standard(), catalog);
        byte[] bytes = MANIFEST.getBytes(StandardCharsets.UTF_8);
        try (MetadataStore metadata = MetadataStores.openEmbedded(home);
                FileSystemArtifactStore artifacts =
                        new FileSystemArtifactStore(home.resolve("artifacts"));
                Engine engine =
                        new Engine(
                                metadata,
                                artifacts,
                                catalog,
                                PlanLoader.of(validator),
                                Optional.empty(),
                                Clock.systemUTC(),
                                EngineOptions.defaults(home).withWorkingDirectory(home))) {
            var plan = validator.plan("words.yaml", MANIFEST);

            RunRecord first = engine.start(plan, RunRequest.of("words.yaml", bytes)).await();
            assertThat(first.state()).as(first.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
            assertThat(metadata.stepRuns(first.id()))
                    .extracting(StepRunRecord::state)
                    .containsOnly(StepState.SUCCEEDED);
            assertThat(metadata.metrics(first.id()))
                    .singleElement()
                    .satisfies(m -> assertThat(m.value()).isEqualTo(3.0));
            assertThat(metadata.lineageOfRun(first.id()))
                    .extracting(LineageEdge::name)
                    .contains("words", "count", "report");
            List<String> log = new ArrayList<>();
            new StepLogs(new HomeLayout(home), metadata)
                    .print(first.id(), Optional.of("write"), log::add);
            assertThat(log).containsExactly("[write#1] wrote");

            RunRecord second = engine.start(plan, RunRequest.of("words.yaml", bytes)).await();
            assertThat(metadata.stepRuns(second.id()))
                    .extracting(StepRunRecord::state)
                    .containsOnly(StepState.CACHED);

            RunRecord third =
                    engine.start(
                                    plan,
                                    RunRequest.of("words.yaml", bytes)
                                            .withParams(Map.of("repeat", "3")))
                            .await();
            assertThat(metadata.stepRuns(third.id()))
                    .extracting(StepRunRecord::stepName, StepRunRecord::state)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("write", StepState.CACHED),
                            org.assertj.core.groups.Tuple.tuple("count", StepState.CACHED),
                            org.assertj.core.groups.Tuple.tuple("repeat", StepState.SUCCEEDED));

            CacheExplanation why =
                    new CacheExplainer(metadata).explain(third.id(), "repeat").getFirst();
            assertThat(why.verdict()).isEqualTo(CacheExplanation.Verdict.CHANGED);
            assertThat(why.previousRunId()).contains(second.id());
            assertThat(why.changes())
                    .extracting(CacheExplanation.Change::describe)
                    .containsExactly("env:N: 2 -> 3", "input:times: 2 -> 3");
            assertThat(
                            new CacheExplainer(metadata)
                                    .explain(third.id(), "count")
                                    .getFirst()
                                    .verdict())
                    .isEqualTo(CacheExplanation.Verdict.CACHED);
            assertThat(Files.exists(home.resolve("logs").resolve(first.id()))).isTrue();
        }
    }
}
