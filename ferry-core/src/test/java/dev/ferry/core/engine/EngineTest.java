package dev.ferry.core.engine;

import static dev.ferry.core.engine.EngineFixture.plan;
import static dev.ferry.core.engine.StepBuilder.sh;
import static dev.ferry.core.engine.StepBuilder.suspend;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineTest {
    @TempDir Path home;
    EngineFixture fx;

    @BeforeEach
    void open() {
        fx = new EngineFixture(home);
    }

    @AfterEach
    void close() {
        fx.close();
    }

    private String artifactText(String stepRunId, String output) throws Exception {
        StepOutput.ArtifactOutput artifact =
                fx.metadata.outputs(stepRunId).stream()
                        .filter(o -> o.name().equals(output))
                        .map(StepOutput.ArtifactOutput.class::cast)
                        .findFirst()
                        .orElseThrow();
        try (InputStream in = fx.artifacts.open(artifact.digest())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static StepRunRecord only(List<StepRunRecord> records) {
        assertThat(records).hasSize(1);
        return records.getFirst();
    }

    @Test
    void passesAnArtifactFromOneProcessStepToTheNextUnderTheStepContract() throws Exception {
        var planned =
                plan(
                        "wire",
                        Map.of("greeting", "hello"),
                        sh("make", "printf '%s' \"$GREETING\" > \"$FERRY_OUTPUTS/data.txt\"")
                                .env("GREETING", "${{ params.greeting }}"),
                        sh(
                                        "use",
                                        "cat \"$FERRY_INPUTS/data\" > \"$FERRY_OUTPUTS/copy.txt\";"
                                                + " cat \"$FERRY_PARAMS\" >"
                                                + " \"$FERRY_OUTPUTS/params.json\"; test -d"
                                                + " \"$FERRY_CHECKPOINT\"")
                                .with("data", "${{ steps.make.outputs.data }}")
                                .with("rate", 0.5));
        var run = fx.run(planned);

        assertThat(run.state()).as(run.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
        StepRunRecord use = only(fx.steps(run.id(), "use"));
        assertThat(artifactText(use.id(), "copy")).isEqualTo("hello");
        assertThat(artifactText(use.id(), "params"))
                .contains("\"rate\":0.5")
                .contains("\"data\":\"" + home.resolve("work").toAbsolutePath());
        assertThat(fx.metadata.lineageOfRun(run.id()))
                .extracting(e -> e.direction() + " " + e.name())
                .contains("OUTPUT data", "INPUT data", "OUTPUT copy", "OUTPUT params");
    }

    @Test
    void reusesEveryStepOnAnIdenticalRunAndPointsAtTheOriginal() {
        var planned =
                plan(
                        "cached",
                        Map.of(),
                        sh("a", "date +%s%N > \"$FERRY_OUTPUTS/stamp.txt\""),
                        sh("b", "cat \"$FERRY_INPUTS/in\" > \"$FERRY_OUTPUTS/out.txt\"")
                                .with("in", "${{ steps.a.outputs.stamp }}"));
        var first = fx.run(planned);
        var second = fx.run(planned);

        assertThat(second.state()).isEqualTo(RunState.SUCCEEDED);
        for (String step : List.of("a", "b")) {
            StepRunRecord original = only(fx.steps(first.id(), step));
            StepRunRecord cached = only(fx.steps(second.id(), step));
            assertThat(cached.state()).isEqualTo(StepState.CACHED);
            assertThat(cached.cachedFrom()).contains(original.id());
            assertThat(cached.cacheKey()).isEqualTo(original.cacheKey());
            assertThat(fx.metadata.outputs(cached.id()))
                    .isEqualTo(fx.metadata.outputs(original.id()));
        }
    }

    @Test
    void runsEveryStepWithNoCacheAndStepsThatTurnTheCacheOff() {
        var planned =
                plan(
                        "nocache",
                        Map.of(),
                        sh("a", "echo 1 > \"$FERRY_OUTPUTS/one.txt\""),
                        sh("b", "echo 2 > \"$FERRY_OUTPUTS/two.txt\"").noCache());
        var first = fx.run(planned);
        var second = fx.run(planned);
        var third =
                fx.start(
                                planned,
                                RunRequest.of("p.yaml", EngineFixture.bytes(planned))
                                        .withNoCache(true))
                        .await();

        assertThat(only(fx.steps(second.id(), "a")).state()).isEqualTo(StepState.CACHED);
        assertThat(only(fx.steps(second.id(), "b")).state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(fx.metadata.stepRuns(third.id()))
                .extracting(StepRunRecord::state)
                .containsOnly(StepState.SUCCEEDED);
        assertThat(first.state()).isEqualTo(RunState.SUCCEEDED);
    }

    @Test
    void retriesAFailedAttemptAfterItsBackoffKeepingTheCheckpoint() {
        var planned =
                plan(
                        "retry",
                        Map.of(),
                        sh(
                                        "flaky",
                                        "if [ -f \"$FERRY_CHECKPOINT/tried\" ]; then echo ok >"
                                                + " \"$FERRY_OUTPUTS/r.txt\"; else touch"
                                                + " \"$FERRY_CHECKPOINT/tried\"; echo first attempt"
                                                + " fails >&2; exit 3; fi")
                                .retry(2, Duration.ofMillis(100), 2.0));
        var run = fx.run(planned);

        assertThat(run.state()).as(run.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
        List<StepRunRecord> attempts = fx.steps(run.id(), "flaky");
        assertThat(attempts)
                .extracting(StepRunRecord::attempt, StepRunRecord::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, StepState.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, StepState.SUCCEEDED));
        assertThat(attempts.getFirst().exitCode()).contains(3);
        assertThat(fx.metadata.events(run.id(), 0))
                .filteredOn(e -> e.type().equals("dev.ferry.step.retrying"))
                .extracting(e -> ((Number) e.data().get("delayMillis")).longValue())
                .containsExactly(100L);
    }

    @Test
    void failsTheRunWhenRetriesAreExhaustedAndSkipsWhatDependsOnIt() {
        var planned =
                plan(
                        "fail",
                        Map.of(),
                        sh("broken", "exit 7").retry(1, Duration.ZERO, 1.0),
                        sh("after", "true").needs("broken"),
                        sh("independent", "true"));
        var run = fx.run(planned);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(run.message())
                .hasValueSatisfying(m -> assertThat(m).contains("broken", "exited with code 7"));
        assertThat(fx.steps(run.id(), "broken"))
                .extracting(StepRunRecord::state)
                .containsExactly(StepState.FAILED, StepState.FAILED);
        assertThat(only(fx.steps(run.id(), "after")).state()).isEqualTo(StepState.SKIPPED);
        assertThat(only(fx.steps(run.id(), "independent")).state()).isEqualTo(StepState.SUCCEEDED);
    }

    @Test
    void skipsAStepWhoseConditionIsFalse() {
        var planned =
                plan(
                        "cond",
                        Map.of("deploy", false),
                        sh("gate", "true").when("${{ params.deploy }}"),
                        sh("always", "true").when("${{ always() }}").needs("gate"));
        var run = fx.run(planned);

        assertThat(run.state()).as(run.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
        assertThat(only(fx.steps(run.id(), "gate")).state()).isEqualTo(StepState.SKIPPED);
        assertThat(only(fx.steps(run.id(), "always")).state()).isEqualTo(StepState.SUCCEEDED);
    }

    @Test
    void killsAStepThatRunsOverItsTimeout() {
        var planned =
                plan("slow", Map.of(), sh("sleepy", "sleep 60").timeout(Duration.ofMillis(300)));
        var run = fx.run(planned);

        assertThat(run.state()).isEqualTo(RunState.FAILED);
        assertThat(only(fx.steps(run.id(), "sleepy")).message())
                .hasValueSatisfying(m -> assertThat(m).contains("timed out"));
    }

    @Test
    void fansAMatrixOutAndHandsItsOutputsDownstreamAsAListInMatrixOrder() throws Exception {
        var planned =
                plan(
                        "matrix",
                        Map.of(),
                        sh("square", "echo $(( $N * $N )) > \"$FERRY_OUTPUTS/sq.txt\"")
                                .env("N", "${{ matrix.n }}")
                                .matrix("n", List.of(3, 1, 2), 1),
                        sh(
                                        "join",
                                        "cat \"$FERRY_INPUTS/all/0\" \"$FERRY_INPUTS/all/1\""
                                                + " \"$FERRY_INPUTS/all/2\" >"
                                                + " \"$FERRY_OUTPUTS/joined.txt\"")
                                .with("all", "${{ steps.square.outputs.sq }}"));
        var run = fx.run(planned);

        assertThat(run.state()).as(run.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
        assertThat(fx.steps(run.id(), "square"))
                .extracting(StepRunRecord::matrixIndex)
                .containsExactlyInAnyOrder(0, 1, 2);
        assertThat(artifactText(only(fx.steps(run.id(), "join")).id(), "joined"))
                .isEqualTo("9\n1\n4\n");
    }

    @Test
    void recordsMetricsWithTheirStepIndexAndTellsTheListener() {
        List<MetricPoint> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        var planned =
                plan(
                        "metrics",
                        Map.of(),
                        sh(
                                "train",
                                "for i in 0 1 2; do echo"
                                    + " \"{\\\"name\\\":\\\"loss\\\",\\\"value\\\":$i.5,\\\"step\\\":$i}\""
                                    + " >> \"$FERRY_METRICS\"; done"));
        var run =
                fx.start(
                                planned,
                                RunRequest.of("p.yaml", EngineFixture.bytes(planned))
                                        .withListener(
                                                new RunListener() {
                                                    @Override
                                                    public void metric(
                                                            StepRunRecord step, MetricPoint point) {
                                                        seen.add(point);
                                                    }
                                                }))
                        .await();

        assertThat(fx.metadata.metrics(run.id()))
                .extracting(MetricPoint::name, MetricPoint::value, MetricPoint::step)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("loss", 0.5, 0L),
                        org.assertj.core.groups.Tuple.tuple("loss", 1.5, 1L),
                        org.assertj.core.groups.Tuple.tuple("loss", 2.5, 2L));
        assertThat(seen).hasSize(3);
    }

    @Test
    void cancelStopsTheRunningProcessAndRecordsTheRunCancelled() throws Exception {
        var planned =
                plan(
                        "cancel",
                        Map.of(),
                        sh("long", "echo $$ > \"$FERRY_CHECKPOINT/pid\"; sleep 60"),
                        sh("later", "true").needs("long"));
        RunHandle handle = fx.start(planned, RunRequest.of("p.yaml", EngineFixture.bytes(planned)));
        Path pidFile =
                home.resolve("checkpoints")
                        .resolve(handle.runId())
                        .resolve("long")
                        .resolve("0")
                        .resolve("pid");
        await().atMost(Duration.ofSeconds(20))
                .until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long pid = Long.parseLong(Files.readString(pidFile).trim());

        handle.cancel();
        var run = handle.await();

        assertThat(run.state()).isEqualTo(RunState.CANCELLED);
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(only(fx.steps(run.id(), "long")).state()).isEqualTo(StepState.CANCELLED);
        assertThat(only(fx.steps(run.id(), "later")).state()).isEqualTo(StepState.CANCELLED);
        assertThat(fx.metadata.events(run.id(), 0))
                .extracting(EventRecord::type)
                .last()
                .isEqualTo("dev.ferry.run.finished");
    }

    @Test
    void aSuspendedStepWaitsUntilAnotherEngineRecordsTheApproval() {
        var planned =
                plan(
                        "gate",
                        Map.of(),
                        sh("before", "true"),
                        suspend("review").needs("before"),
                        sh("after", "true").needs("review"));
        RunHandle handle = fx.start(planned, RunRequest.of("p.yaml", EngineFixture.bytes(planned)));
        await().atMost(Duration.ofSeconds(20))
                .until(
                        () ->
                                fx.metadata.findRun(handle.runId()).orElseThrow().state()
                                        == RunState.SUSPENDED);
        assertThat(handle.await(Duration.ofMillis(200))).isEmpty();

        Engine elsewhere = fx.engine(fx.options().withEngineId("elsewhere:1"));
        assertThat(elsewhere.approve(handle.runId(), "review", "alice", RunListener.NONE))
                .isEmpty();
        var run = handle.await();

        assertThat(run.state()).as(run.message().orElse("")).isEqualTo(RunState.SUCCEEDED);
        StepRunRecord review = only(fx.steps(run.id(), "review"));
        assertThat(review.state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(review.message()).contains("approved by alice");
    }

    @Test
    void refusesToApproveAStepThatIsNotWaiting() {
        var run = fx.run(plan("plain", Map.of(), sh("a", "true")));
        assertThatThrownBy(() -> fx.engine().approve(run.id(), "a", "bob", RunListener.NONE))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("is not waiting for approval (it is SUCCEEDED)");
    }

    @Test
    void resumeReusesWhatSucceededAndRunsTheRestAgain() throws Exception {
        Path flag = home.resolve("fixed");
        var planned =
                plan(
                        "resume",
                        Map.of(),
                        sh(
                                "first",
                                "echo run >> \""
                                        + home.resolve("first-count")
                                        + "\"; echo 1 > \"$FERRY_OUTPUTS/one.txt\""),
                        sh(
                                        "second",
                                        "test -f \""
                                                + flag
                                                + "\" && cp \"$FERRY_INPUTS/one\""
                                                + " \"$FERRY_OUTPUTS/two.txt\"")
                                .with("one", "${{ steps.first.outputs.one }}"));
        var failed = fx.run(planned);
        assertThat(failed.state()).isEqualTo(RunState.FAILED);

        Files.writeString(flag, "yes");
        var resumed = fx.engine().resume(failed.id(), RunListener.NONE).await();

        assertThat(resumed.id()).isEqualTo(failed.id());
        assertThat(resumed.state()).isEqualTo(RunState.SUCCEEDED);
        assertThat(Files.readAllLines(home.resolve("first-count"))).hasSize(1);
        assertThat(only(fx.steps(failed.id(), "first")).state()).isEqualTo(StepState.SUCCEEDED);
        assertThat(fx.steps(failed.id(), "second"))
                .extracting(StepRunRecord::attempt, StepRunRecord::state)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, StepState.FAILED),
                        org.assertj.core.groups.Tuple.tuple(2, StepState.SUCCEEDED));
    }

    @Test
    void refusesToResumeARunThatSucceeded() {
        var run = fx.run(plan("done", Map.of(), sh("a", "true")));
        assertThatThrownBy(() -> fx.engine().resume(run.id(), RunListener.NONE))
                .isInstanceOf(EngineException.class)
                .hasMessageContaining("already succeeded");
    }

    @Test
    void rejectsAnUnknownParameterNamingTheDeclaredOnes() {
        var planned = plan("params", Map.of("seed", 1), sh("a", "true"));
        assertThatThrownBy(
                        () ->
                                fx.start(
                                        planned,
                                        RunRequest.of("p.yaml", EngineFixture.bytes(planned))
                                                .withParams(Map.of("sed", "2"))))
                .isInstanceOf(EngineException.class)
                .hasMessage("unknown parameter 'sed': pipeline 'params' declares seed");
    }

    @Test
    void typesAParameterOverrideLikeItsDefault() {
        var planned = plan("typed", Map.of("epochs", 5), sh("a", "true"));
        var run =
                fx.start(
                                planned,
                                RunRequest.of("p.yaml", EngineFixture.bytes(planned))
                                        .withParams(Map.of("epochs", "7")))
                        .await();
        assertThat(run.params()).containsEntry("epochs", 7);
    }
}
