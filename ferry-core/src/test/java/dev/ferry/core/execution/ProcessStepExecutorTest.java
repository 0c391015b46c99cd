package dev.ferry.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.metadata.StepOutput;
import dev.ferry.core.artifact.FileSystemArtifactStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessStepExecutorTest {
    @TempDir Path home;

    private ProcessStepExecutor executor() {
        return new ProcessStepExecutor(
                new HomeLayout(home),
                new FileSystemArtifactStore(home.resolve("artifacts")),
                Clock.systemUTC(),
                Duration.ofSeconds(2),
                Optional.of(java.net.URI.create("http://127.0.0.1:8080")),
                home);
    }

    private static Attempt attempt(
            Map<String, Object> inputs, Map<String, String> declared, Optional<Duration> timeout) {
        return new Attempt(
                "run1",
                "run1:step:0:1",
                "step",
                0,
                1,
                inputs,
                Map.of("GREETING", "hi"),
                declared,
                timeout);
    }

    private static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }

    @Test
    void givesTheProcessTheStepContractAndCollectsItsOutputsAndMetrics() throws Exception {
        List<String> metrics = new ArrayList<>();
        var outcome =
                executor()
                        .execute(
                                attempt(
                                        Map.of("lr", 0.5, "name", "x"),
                                        Map.of("model", "model.onnx"),
                                        Optional.empty()),
                                sh(
                                        "cat \"$FERRY_PARAMS\" > \"$FERRY_OUTPUTS/params.json\";"
                                            + " echo \"$GREETING $MLFLOW_TRACKING_URI\" >"
                                            + " \"$FERRY_OUTPUTS/env.txt\"; echo m >"
                                            + " \"$FERRY_OUTPUTS/model.onnx\"; mkdir"
                                            + " \"$FERRY_OUTPUTS/report\"; echo r >"
                                            + " \"$FERRY_OUTPUTS/report/a.txt\"; test -d"
                                            + " \"$FERRY_INPUTS\" && test -d \"$FERRY_CHECKPOINT\";"
                                            + " echo '{\"name\":\"acc\",\"value\":0.9,\"step\":4}'"
                                            + " >> \"$FERRY_METRICS\""),
                                (name, value, step) ->
                                        metrics.add(name + "=" + value + "@" + step));

        assertThat(outcome.exitCode()).contains(0);
        assertThat(outcome.outputs())
                .extracting(StepOutput::name)
                .containsExactlyInAnyOrder("params", "env", "model", "report");
        assertThat(outcome.outputs())
                .filteredOn(o -> o.name().equals("report"))
                .singleElement()
                .satisfies(
                        o ->
                                assertThat(((StepOutput.ArtifactOutput) o).logicalType())
                                        .isEqualTo("directory"));
        assertThat(metrics).containsExactly("acc=0.9@4");
        var store = new FileSystemArtifactStore(home.resolve("artifacts"));
        String params = text(store, outcome, "params");
        assertThat(params).contains("\"lr\":0.5").contains("\"name\":\"x\"");
        assertThat(text(store, outcome, "env")).isEqualTo("hi http://127.0.0.1:8080\n");
        assertThat(home.resolve("logs/run1/step/0-1.log")).exists();
    }

    private static String text(FileSystemArtifactStore store, AttemptOutcome outcome, String name)
            throws Exception {
        var artifact =
                (StepOutput.ArtifactOutput)
                        outcome.outputs().stream()
                                .filter(o -> o.name().equals(name))
                                .findFirst()
                                .orElseThrow();
        try (var in = store.open(artifact.digest())) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @Test
    void keepsStdoutAndStderrAsTheStepLog() throws Exception {
        executor()
                .execute(
                        attempt(Map.of(), Map.of(), Optional.empty()),
                        sh("echo out; echo err >&2"),
                        (n, v, s) -> {});
        assertThat(Files.readAllLines(home.resolve("logs/run1/step/0-1.log")))
                .containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void failsWithTheExitCodeAndPointsAtTheLog() {
        assertThatThrownBy(
                        () ->
                                executor()
                                        .execute(
                                                attempt(Map.of(), Map.of(), Optional.empty()),
                                                sh("exit 4"),
                                                (n, v, s) -> {}))
                .isInstanceOfSatisfying(
                        AttemptFailure.class,
                        f -> {
                            assertThat(f.reason()).isEqualTo(AttemptFailure.Reason.FAILED);
                            assertThat(f.exitCode()).contains(4);
                        })
                .hasMessageContaining("exited with code 4")
                .hasMessageContaining("ferry logs run1 step");
    }

    @Test
    void failsWhenADeclaredOutputIsMissing() {
        assertThatThrownBy(
                        () ->
                                executor()
                                        .execute(
                                                attempt(
                                                        Map.of(),
                                                        Map.of("model", "model.onnx"),
                                                        Optional.empty()),
                                                sh("true"),
                                                (n, v, s) -> {}))
                .isInstanceOf(AttemptFailure.class)
                .hasMessageContaining(
                        "declared output 'model' but did not write FERRY_OUTPUTS/model.onnx");
    }

    @Test
    void reportsAProgramThatCannotStartByName() {
        assertThatThrownBy(
                        () ->
                                executor()
                                        .execute(
                                                attempt(Map.of(), Map.of(), Optional.empty()),
                                                List.of("no-such-program-ferry"),
                                                (n, v, s) -> {}))
                .isInstanceOf(AttemptFailure.class)
                .hasMessageContaining("cannot start no-such-program-ferry");
    }

    @Test
    void aTimeoutKillsTheProcessAndTheChildItSpawned() throws Exception {
        Path pid = home.resolve("grandchild.pid");
        assertThatThrownBy(
                        () ->
                                executor()
                                        .execute(
                                                attempt(
                                                        Map.of(),
                                                        Map.of(),
                                                        Optional.of(Duration.ofMillis(1500))),
                                                sh("sleep 300 & echo $! > " + pid + "; wait"),
                                                (n, v, s) -> {}))
                .isInstanceOfSatisfying(
                        AttemptFailure.class,
                        f -> assertThat(f.reason()).isEqualTo(AttemptFailure.Reason.TIMED_OUT))
                .hasMessageContaining("timed out");
        long grandchild = Long.parseLong(Files.readString(pid).trim());
        assertThat(ProcessHandle.of(grandchild).map(ProcessHandle::isAlive).orElse(false))
                .isFalse();
    }
}
