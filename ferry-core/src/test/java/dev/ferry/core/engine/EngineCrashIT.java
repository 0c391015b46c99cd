package dev.ferry.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import dev.ferry.core.manifest.ManifestLoader;
import dev.ferry.core.metadata.MetadataStores;
import dev.ferry.core.step.StepCatalog;
import dev.ferry.core.validation.ManifestValidator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An engine process killed with SIGKILL mid-run loses nothing that had finished. */
class EngineCrashIT {

    @Test
    void resumeAfterTheEngineWasKilledReusesWhatFinishedAndCompletesTheRun(@TempDir Path home)
            throws Exception {
        Path manifest = home.resolve("crash.yaml");
        Files.writeString(
                manifest,
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: crash
                spec:
                  steps:
                    - name: first
                      run: [sh, -c, 'echo ran >> "%1$s/first-count"; echo 1 > "$FERRY_OUTPUTS/one.txt"']
                    - name: second
                      run: [sh, -c, 'if [ ! -f "%1$s/resumed" ]; then sleep 120; fi; cp "$FERRY_INPUTS/one" "$FERRY_OUTPUTS/two.txt"']
                      with:
                        one: ${{ steps.first.outputs.one }}
                """
                        .formatted(home));
        Process engineProcess =
                new ProcessBuilder(
                                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                                "-cp",
                                System.getProperty("java.class.path"),
                                EngineProcessMain.class.getName(),
                                home.toString(),
                                manifest.toString())
                        .redirectErrorStream(true)
                        .redirectOutput(home.resolve("engine.log").toFile())
                        .start();
        try (var metadata = MetadataStores.openEmbedded(home);
                var artifacts = new FileSystemArtifactStore(home.resolve("artifacts"))) {
            await().atMost(Duration.ofSeconds(60))
                    .until(
                            () ->
                                    metadata.listRuns(1).stream()
                                            .anyMatch(
                                                    r ->
                                                            metadata.stepRuns(r.id()).stream()
                                                                    .anyMatch(
                                                                            s ->
                                                                                    s.stepName()
                                                                                                    .equals(
                                                                                                            "second")
                                                                                            && s
                                                                                                            .state()
                                                                                                    == StepState
                                                                                                            .RUNNING)));
            RunRecord crashed = metadata.listRuns(1).getFirst();

            engineProcess.destroyForcibly().waitFor();
            assertThat(metadata.findRun(crashed.id()).orElseThrow().state())
                    .isEqualTo(RunState.RUNNING);
            Files.writeString(home.resolve("resumed"), "yes");

            StepCatalog catalog = StepCatalog.discover();
            var validator = new ManifestValidator(ManifestLoader.standard(), catalog);
            try (Engine engine =
                    new Engine(
                            metadata,
                            artifacts,
                            catalog,
                            PlanLoader.of(validator),
                            Optional.empty(),
                            Clock.systemUTC(),
                            EngineOptions.defaults(home).withWorkingDirectory(home))) {
                RunRecord resumed = engine.resume(crashed.id(), RunListener.NONE).await();

                assertThat(resumed.state())
                        .as(resumed.message().orElse(""))
                        .isEqualTo(RunState.SUCCEEDED);
                assertThat(Files.readAllLines(home.resolve("first-count"))).hasSize(1);
                List<StepRunRecord> second =
                        metadata.stepRuns(crashed.id()).stream()
                                .filter(s -> s.stepName().equals("second"))
                                .toList();
                assertThat(second)
                        .extracting(StepRunRecord::state)
                        .containsExactly(StepState.FAILED, StepState.SUCCEEDED);
                assertThat(second.getFirst().message())
                        .hasValueSatisfying(
                                m -> assertThat(m).contains("stopped while this attempt ran"));
            }
        } finally {
            engineProcess.destroyForcibly();
            // The killed engine's step process is orphaned; stop it so it does not outlive the
            // test.
            ProcessHandle.allProcesses()
                    .filter(
                            p ->
                                    p.info()
                                            .arguments()
                                            .map(a -> String.join(" ", a).contains(home.toString()))
                                            .orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
    }
}
