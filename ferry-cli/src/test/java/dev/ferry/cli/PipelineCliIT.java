package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs pipelines of process steps through the packaged CLI, as a user would: artifacts, metrics,
 * lineage, caching, retries, timeouts, approvals, and a resume after the engine is SIGKILLed.
 */
class PipelineCliIT {
    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final Pattern RUN_ID = Pattern.compile("run (\\d{8}-\\d{6}-[a-z0-9]+)");

    @TempDir Path project;
    private FerryProcess ferry;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void setUp() {
        ferry =
                new FerryProcess(
                        project, Map.of("FERRY_HOME", project.resolve(".ferry").toString()));
    }

    @Test
    void runsAPipelineRecordingArtifactsMetricsAndLineageThenReRunsItFromCache()
            throws IOException {
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: numbers
                spec:
                  params:
                    count: 3
                  steps:
                    - name: generate
                      run: [sh, -c, 'seq 1 "$0" > "$FERRY_OUTPUTS/numbers.txt"; echo "{\\"name\\":\\"rows\\",\\"value\\":$0,\\"step\\":0}" >> "$FERRY_METRICS"', "${{ params.count }}"]
                    - name: total
                      run: [sh, -c, 'n=$(sed -n "s/.*\\"numbers\\": *\\"\\([^\\"]*\\)\\".*/\\1/p" "$FERRY_PARAMS"); awk "{s+=\\$1} END {print s}" "$n" > "$FERRY_OUTPUTS/total.txt"']
                      with:
                        numbers: ${{ steps.generate.outputs.numbers }}
                """);

        FerryProcess.Result first = ferry.run(LIMIT, "run", "pipeline.yaml");
        assertThat(first.exitCode()).as(first.toString()).isZero();
        String runId = runId(first);

        JsonNode shown = showJson(runId);
        assertThat(states(shown)).containsExactly("SUCCEEDED", "SUCCEEDED");
        assertThat(shown.at("/metrics/0/name").asText()).isEqualTo("rows");
        assertThat(shown.at("/metrics/0/value").asDouble()).isEqualTo(3.0);

        FerryProcess.Result lineage = ferry.run(LIMIT, "lineage", runId);
        assertThat(lineage.exitCode()).as(lineage.toString()).isZero();
        assertThat(lineage.out()).contains("generate", "total", "sha256:");
        JsonNode graph = json.readTree(ferry.run(LIMIT, "lineage", "--json", runId).out());
        String numbers = output(graph, "generate", "numbers");
        String total = output(graph, "total", "total");
        assertThat(Files.readString(materialized(total))).isEqualTo("6\n");
        FerryProcess.Result upAndDown = ferry.run(LIMIT, "lineage", numbers);
        assertThat(upAndDown.out())
                .contains("produced by:")
                .contains("generate")
                .contains("consumed by:")
                .contains("total");

        FerryProcess.Result again = ferry.run(LIMIT, "run", "pipeline.yaml");
        assertThat(again.exitCode()).as(again.toString()).isZero();
        String secondId = runId(again);
        assertThat(states(showJson(secondId))).containsExactly("CACHED", "CACHED");

        FerryProcess.Result changed = ferry.run(LIMIT, "run", "pipeline.yaml", "-p", "count=4");
        assertThat(changed.exitCode()).as(changed.toString()).isZero();
        FerryProcess.Result explain = ferry.run(LIMIT, "explain", runId(changed), "generate");
        assertThat(explain.out()).contains("changed").contains("\"3\"] -> ").endsWith("\"4\"]\n");
    }

    @Test
    void aStepThatFailsOnceSucceedsOnItsRetry() throws IOException {
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: flaky
                spec:
                  steps:
                    - name: flaky
                      run: [sh, -c, 'if [ ! -f "$FERRY_CHECKPOINT/tried" ]; then touch "$FERRY_CHECKPOINT/tried"; echo first attempt fails >&2; exit 3; fi; echo ok > "$FERRY_OUTPUTS/done.txt"']
                      retry:
                        limit: 2
                        backoff: 100ms
                """);

        FerryProcess.Result result = ferry.run(LIMIT, "run", "pipeline.yaml");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        JsonNode steps = showJson(runId(result)).get("steps");
        assertThat(steps).hasSize(2);
        assertThat(steps.get(0).get("state").asText()).isEqualTo("FAILED");
        assertThat(steps.get(0).get("exitCode").asInt()).isEqualTo(3);
        assertThat(steps.get(1).get("state").asText()).isEqualTo("SUCCEEDED");
        assertThat(steps.get(1).get("attempt").asInt()).isEqualTo(2);
    }

    @Test
    void aStepThatOverrunsItsTimeoutIsKilledWithItsWholeProcessTree() throws Exception {
        Path pidFile = project.resolve("grandchild.pid");
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: slow
                spec:
                  steps:
                    - name: slow
                      run: [sh, -c, 'sleep 300 & echo $! > "$0"; wait', "%s"]
                      timeout: 2s
                """
                        .formatted(pidFile));

        FerryProcess.Result result = ferry.run(LIMIT, "run", "pipeline.yaml");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(ExitCode.FAILED);
        assertThat(result.out()).contains("timed out");
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> ProcessHandle.of(grandchild).map(p -> !p.isAlive()).orElse(true));
    }

    @Test
    void aSuspendedStepWaitsForAnApprovalGivenFromAnotherProcess() throws Exception {
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: gated
                spec:
                  steps:
                    - name: build
                      run: [sh, -c, 'echo built > "$FERRY_OUTPUTS/build.txt"']
                    - name: review
                      suspend: {}
                      needs: [build]
                    - name: ship
                      run: [sh, -c, 'echo shipped']
                      needs: [review]
                """);

        Process waiting = ferry.start("run", "--plain", "pipeline.yaml");
        await().atMost(LIMIT)
                .until(
                        () ->
                                Files.readString(project.resolve(".ferry-stdout"))
                                        .contains("review SUSPENDED"));
        String runId = runId(ferry.peek());
        assertThat(waiting.isAlive()).isTrue();

        FerryProcess.Result approved =
                new FerryProcess(project.resolve("approver"), ferry.env())
                        .run(LIMIT, "approve", runId, "review");

        assertThat(approved.exitCode()).as(approved.toString()).isZero();
        assertThat(approved.out()).contains("the engine running it continues");
        assertThat(waiting.waitFor(LIMIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS))
                .isTrue();
        FerryProcess.Result finished = ferry.result(waiting);
        assertThat(finished.exitCode()).as(finished.toString()).isZero();
        JsonNode shown = showJson(runId);
        assertThat(shown.at("/run/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(lastStateOf(shown, "ship")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aRunWhoseEngineIsKilledWithSigkillResumesWithoutRepeatingFinishedSteps() throws Exception {
        Path counter = project.resolve("first-ran");
        Path started = project.resolve("second-started");
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: crashy
                spec:
                  steps:
                    - name: first
                      run: [sh, -c, 'echo x >> "$0"; echo one > "$FERRY_OUTPUTS/one.txt"', "%s"]
                    - name: second
                      needs: [first]
                      run: [sh, -c, 'if [ ! -f "$0" ]; then touch "$0"; sleep 300; fi; echo two > "$FERRY_OUTPUTS/two.txt"', "%s"]
                """
                        .formatted(counter, started));

        Process engine = ferry.start("run", "--plain", "pipeline.yaml");
        await().atMost(LIMIT).until(() -> Files.exists(started));
        List<ProcessHandle> children = new ArrayList<>(engine.descendants().toList());
        engine.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no clean-up
        engine.waitFor();
        children.forEach(ProcessHandle::destroyForcibly); // the orphaned sleep of 'second'
        String runId = runId(ferry.result(engine));

        FerryProcess.Result resumed = ferry.run(LIMIT, "resume", runId);

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(Files.readAllLines(counter)).as("'first' ran once").hasSize(1);
        JsonNode shown = showJson(runId);
        assertThat(shown.at("/run/state").asText()).isEqualTo("SUCCEEDED");
        assertThat(lastStateOf(shown, "first")).isEqualTo("SUCCEEDED");
        assertThat(lastStateOf(shown, "second")).isEqualTo("SUCCEEDED");
    }

    @Test
    void aMalformedManifestIsRefusedWithItsLineAndExitCodeTwo() throws IOException {
        write(
                "pipeline.yaml",
                """
                apiVersion: ferry.dev/v1
                kind: Pipeline
                metadata:
                  name: broken
                spec:
                  steps:
                    - name: a
                      run: [sh, -c, 'true']
                      needs: [nowhere]
                """);

        FerryProcess.Result run = ferry.run(LIMIT, "run", "pipeline.yaml");
        FerryProcess.Result validate = ferry.run(LIMIT, "validate", "pipeline.yaml");

        assertThat(run.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(run.err()).contains("pipeline.yaml:9:").contains("nowhere");
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(validate.exitCode()).isEqualTo(ExitCode.INVALID);
        assertThat(validate.err()).contains("pipeline.yaml:9:");
    }

    private void write(String name, String text) throws IOException {
        Files.writeString(project.resolve(name), text);
    }

    private static String runId(FerryProcess.Result result) {
        Matcher m = RUN_ID.matcher(result.out());
        assertThat(m.find()).as("a run id in:\n" + result).isTrue();
        return m.group(1);
    }

    private JsonNode showJson(String runId) throws IOException {
        FerryProcess.Result shown = ferry.run(LIMIT, "show", "--json", runId);
        assertThat(shown.exitCode()).as(shown.toString()).isZero();
        return json.readTree(shown.out());
    }

    private static List<String> states(JsonNode shown) {
        List<String> states = new ArrayList<>();
        shown.get("steps").forEach(s -> states.add(s.get("state").asText()));
        return states;
    }

    private static String lastStateOf(JsonNode shown, String step) {
        String state = null;
        for (JsonNode s : shown.get("steps")) {
            if (s.get("stepName").asText().equals(step)) {
                state = s.get("state").asText();
            }
        }
        return state;
    }

    /** The digest a step wrote under an output name, from {@code ferry lineage --json RUN}. */
    private static String output(JsonNode graph, String step, String name) {
        String stepRunId = null;
        for (JsonNode s : graph.get("stepRuns")) {
            if (s.get("stepName").asText().equals(step)) {
                stepRunId = s.get("id").asText();
            }
        }
        for (JsonNode e : graph.get("edges")) {
            if (e.get("stepRunId").asText().equals(stepRunId)
                    && e.get("direction").asText().equals("OUTPUT")
                    && e.get("name").asText().equals(name)) {
                return e.get("artifact").asText();
            }
        }
        throw new AssertionError("no output '" + name + "' of step '" + step + "' in " + graph);
    }

    private Path materialized(String digest) {
        String hex = digest.substring("sha256:".length());
        return project.resolve(".ferry/artifacts/sha256/" + hex.substring(0, 2) + "/" + hex);
    }
}
