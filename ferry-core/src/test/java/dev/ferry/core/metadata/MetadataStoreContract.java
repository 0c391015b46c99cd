package dev.ferry.core.metadata;

import static dev.ferry.core.metadata.Records.A;
import static dev.ferry.core.metadata.Records.B;
import static dev.ferry.core.metadata.Records.C;
import static dev.ferry.core.metadata.Records.MANIFEST;
import static dev.ferry.core.metadata.Records.T0;
import static dev.ferry.core.metadata.Records.finished;
import static dev.ferry.core.metadata.Records.run;
import static dev.ferry.core.metadata.Records.step;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.EventRecord;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.LineageEdge.Direction;
import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.MetricPoint;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepOutput;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** What every dialect of the metadata store must do; each dialect's IT extends this. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class MetadataStoreContract {

    JdbcMetadataStore store;

    /** The URL of an empty database that lives as long as the test class. */
    abstract String jdbcUrl();

    @BeforeAll
    void open() {
        store = MetadataStores.open(jdbcUrl());
    }

    @AfterAll
    void closeStore() {
        store.close();
    }

    @BeforeEach
    void wipe() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                Statement s = c.createStatement()) {
            for (String table :
                    List.of(
                            "model_version_artifacts",
                            "model_aliases",
                            "model_version_metrics",
                            "model_versions",
                            "registered_models",
                            "events",
                            "metrics",
                            "lineage",
                            "step_outputs",
                            "artifacts",
                            "step_runs",
                            "run_params",
                            "runs")) {
                s.execute("DELETE FROM " + table);
            }
        }
    }

    @Test
    void storesARunWithItsTypedParametersAndReadsItBack() {
        RunRecord run = run("20261123-025601-a1b2", T0);
        store.insertRun(run);
        assertThat(store.findRun(run.id())).contains(run);
        assertThat(store.findRun("nope")).isEmpty();
    }

    @Test
    void findsARunByAUniquePrefixAndNamesTheCandidatesOfAnAmbiguousOne() {
        store.insertRun(run("20261123-025601-a1b2", T0));
        store.insertRun(run("20261123-025601-c3d4", T0.plusSeconds(1)));
        store.insertRun(run("20261124-000000-0000", T0.plusSeconds(2)));

        assertThat(store.findRun("20261124").map(RunRecord::id)).contains("20261124-000000-0000");
        assertThat(store.findRun("20261123-025601-c").map(RunRecord::id))
                .contains("20261123-025601-c3d4");
        assertThatThrownBy(() -> store.findRun("20261123"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("ambiguous")
                .hasMessageContaining("20261123-025601-a1b2")
                .hasMessageContaining("20261123-025601-c3d4");
        assertThat(store.findRun("2026112_")).isEmpty(); // '_' is not a wildcard
    }

    @Test
    void listsRunsNewestFirst() {
        store.insertRun(run("r1", T0));
        store.insertRun(run("r3", T0.plusSeconds(20)));
        store.insertRun(run("r2", T0.plusSeconds(10)));
        assertThat(store.listRuns(2)).extracting(RunRecord::id).containsExactly("r3", "r2");
    }

    @Test
    void recordsTheFinishOfARunAndItsResumption() {
        store.insertRun(run("r1", T0));
        Instant end = T0.plusSeconds(60);
        store.updateRunState("r1", RunState.FAILED, Optional.of("step train failed"), end);
        RunRecord failed = store.findRun("r1").orElseThrow();
        assertThat(failed.state()).isEqualTo(RunState.FAILED);
        assertThat(failed.finishedAt()).contains(end);
        assertThat(failed.message()).contains("step train failed");

        store.updateRunState("r1", RunState.RUNNING, Optional.empty(), end.plusSeconds(5));
        store.updateRunEngine("r1", "other-host:7");
        RunRecord resumed = store.findRun("r1").orElseThrow();
        assertThat(resumed.finishedAt()).isEmpty();
        assertThat(resumed.engine()).contains("other-host:7");
    }

    @Test
    void refusesToUpdateARunThatDoesNotExist() {
        assertThatThrownBy(
                        () -> store.updateRunState("ghost", RunState.FAILED, Optional.empty(), T0))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("no run with id 'ghost'");
    }

    @Test
    void keepsStepRunsInInsertionOrderAndUpdatesThem() {
        store.insertRun(run("r1", T0));
        StepRunRecord ingest = step("s1", "r1", "ingest", StepState.RUNNING);
        StepRunRecord train =
                new StepRunRecord(
                        "s2",
                        "r1",
                        "train",
                        2,
                        Map.of("learning_rate", 0.1),
                        1,
                        StepState.PENDING,
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty());
        store.insertStepRun(ingest);
        store.insertStepRun(train);
        StepRunRecord done = finished(ingest, StepState.SUCCEEDED, T0.plusMillis(1500));
        store.updateStepRun(done);

        assertThat(store.stepRuns("r1")).containsExactly(done, train);
        assertThat(store.findStepRun("s2")).contains(train);
    }

    @Test
    void refusesAStepRunOfAnUnknownRun() {
        assertThatThrownBy(() -> store.insertStepRun(step("s1", "ghost", "a", StepState.PENDING)))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("s1");
    }

    @Test
    void completesAStepRunWithOutputsArtifactsAndLineageTogether() {
        store.insertRun(run("r1", T0));
        StepRunRecord s = step("s1", "r1", "train", StepState.RUNNING);
        store.insertStepRun(s);
        ArtifactRecord model = new ArtifactRecord(B, "model", "application/onnx", 1234, false, T0);
        List<StepOutput> outputs =
                List.of(
                        new StepOutput.ArtifactOutput("model", B, "model", "application/onnx"),
                        new StepOutput.ValueOutput("accuracy", 0.93),
                        new StepOutput.ValueOutput("classes", List.of("a", "b")));
        List<LineageEdge> edges =
                List.of(
                        new LineageEdge(A, "r1", "s1", Direction.INPUT, "train"),
                        new LineageEdge(B, "r1", "s1", Direction.OUTPUT, "model"));

        StepRunRecord done = finished(s, StepState.SUCCEEDED, T0.plusSeconds(3));
        store.completeStepRun(done, outputs, List.of(model), edges);

        assertThat(store.findStepRun("s1")).contains(done);
        assertThat(store.outputs("s1")).isEqualTo(outputs);
        assertThat(store.findArtifact(B)).contains(model);
        assertThat(store.lineageOfRun("r1")).isEqualTo(edges);
        assertThat(store.lineageOfStepRun("s1")).isEqualTo(edges);
        assertThat(store.lineageOf(A)).containsExactly(edges.get(0));
        assertThat(store.referencedArtifacts()).containsExactlyInAnyOrder(A, B, MANIFEST);
    }

    @Test
    void completingAStepRunIsAllOrNothing() {
        store.insertRun(run("r1", T0));
        StepRunRecord s = step("s1", "r1", "train", StepState.RUNNING);
        store.insertStepRun(s);
        ArtifactRecord model = new ArtifactRecord(B, "model", "application/onnx", 1, false, T0);
        // The edge points at a step run that does not exist, so the whole completion must fail.
        List<LineageEdge> bad = List.of(new LineageEdge(B, "r1", "ghost", Direction.OUTPUT, "m"));

        assertThatThrownBy(
                        () ->
                                store.completeStepRun(
                                        finished(s, StepState.SUCCEEDED, T0),
                                        List.of(new StepOutput.ValueOutput("x", 1)),
                                        List.of(model),
                                        bad))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("complete step run s1");

        assertThat(store.findStepRun("s1").orElseThrow().state()).isEqualTo(StepState.RUNNING);
        assertThat(store.outputs("s1")).isEmpty();
        assertThat(store.findArtifact(B)).isEmpty();
    }

    @Test
    void recordingTheSameArtifactOrEdgeTwiceKeepsOneCopy() {
        store.insertRun(run("r1", T0));
        store.insertStepRun(step("s1", "r1", "a", StepState.RUNNING));
        ArtifactRecord first = new ArtifactRecord(A, "dataset", "text/csv", 10, false, T0);
        store.recordArtifact(first);
        store.recordArtifact(new ArtifactRecord(A, "file", "text/plain", 10, false, T0));
        LineageEdge edge = new LineageEdge(A, "r1", "s1", Direction.INPUT, "data");
        store.completeStepRun(
                finished(step("s1", "r1", "a", StepState.RUNNING), StepState.SUCCEEDED, T0),
                List.of(),
                List.of(),
                List.of(edge, edge));

        assertThat(store.findArtifact(A)).contains(first);
        assertThat(store.lineageOfRun("r1")).containsExactly(edge);
    }

    @Test
    void everyRunKeepsItsManifestReferencedSoItCanBeResumed() {
        store.insertRun(run("r1", T0));

        assertThat(store.referencedArtifacts()).containsExactly(MANIFEST);
    }

    @Test
    void modelVersionsKeepTheirFilesAndProfilesReferenced() throws Exception {
        try (Connection c = DriverManager.getConnection(jdbcUrl());
                Statement s = c.createStatement()) {
            s.execute("INSERT INTO registered_models (name, created_at) VALUES ('mnist', 0)");
            s.execute(
                    "INSERT INTO model_versions (model, version, created_at, signature_json,"
                            + " profile_digest, run_id, step_name, data_json, parameters_json,"
                            + " description) VALUES ('mnist', 1, 0, '{}', '"
                            + C
                            + "', 'r1', 'register', '{}', '{}', '')");
            s.execute(
                    "INSERT INTO model_version_artifacts (model, version, ordinal, name, digest,"
                            + " format) VALUES ('mnist', 1, 0, 'model', '"
                            + A
                            + "', 'onnx')");
        }
        assertThat(store.referencedArtifacts()).containsExactlyInAnyOrder(A, C);
    }

    @Test
    void findsTheMostRecentSucceededStepRunForACacheKey() {
        store.insertRun(run("r1", T0));
        store.insertRun(run("r2", T0.plusSeconds(100)));
        StepRunRecord old = step("s1", "r1", "train", StepState.RUNNING);
        StepRunRecord failed = step("s2", "r2", "train", StepState.RUNNING);
        StepRunRecord recent = step("s3", "r2", "train", StepState.RUNNING);
        List.of(old, failed, recent).forEach(store::insertStepRun);
        store.updateStepRun(finished(old, StepState.SUCCEEDED, T0.plusSeconds(10)));
        store.updateStepRun(finished(recent, StepState.SUCCEEDED, T0.plusSeconds(120)));
        store.updateStepRun(finished(failed, StepState.FAILED, T0.plusSeconds(130)));

        assertThat(store.findCached("sha256:" + "e".repeat(64)).map(StepRunRecord::id))
                .contains("s3");
        assertThat(store.findCached("sha256:" + "f".repeat(64))).isEmpty();
    }

    @Test
    void findsThePreviousFinishedAttemptOfAStepInAnEarlierRun() {
        store.insertRun(run("r1", T0));
        store.insertRun(run("r2", T0.plusSeconds(100)));
        store.insertRun(run("r3", T0.plusSeconds(200)));
        StepRunRecord first = step("s1", "r1", "train", StepState.RUNNING);
        StepRunRecord second = step("s2", "r2", "train", StepState.RUNNING);
        StepRunRecord current = step("s3", "r3", "train", StepState.RUNNING);
        List.of(first, second, current).forEach(store::insertStepRun);
        store.updateStepRun(finished(first, StepState.SUCCEEDED, T0.plusSeconds(10)));
        store.updateStepRun(finished(second, StepState.FAILED, T0.plusSeconds(110)));

        assertThat(store.previousAttempt("mnist", "train", "r3").map(StepRunRecord::id))
                .contains("s2");
        assertThat(store.previousAttempt("mnist", "train", "r2").map(StepRunRecord::id))
                .contains("s1");
        assertThat(store.previousAttempt("mnist", "train", "r1")).isEmpty();
        assertThat(store.previousAttempt("other", "train", "r3")).isEmpty();
    }

    @Test
    void recordsMetricsInOrder() {
        store.insertRun(run("r1", T0));
        store.insertStepRun(step("s1", "r1", "train", StepState.RUNNING));
        List<MetricPoint> points =
                List.of(
                        new MetricPoint("r1", "s1", "loss", 0.9, 0, T0),
                        new MetricPoint("r1", "s1", "loss", 0.5, 1, T0.plusSeconds(1)),
                        new MetricPoint("r1", null, "accuracy", 0.93, 0, T0.plusSeconds(2)));
        store.recordMetrics(points);
        store.recordMetrics(List.of());
        assertThat(store.metrics("r1")).isEqualTo(points);
    }

    @Test
    void appendsEventsWithIncreasingSequenceNumbers() {
        store.insertRun(run("r1", T0));
        long first =
                store.appendEvent(
                        new EventRecord(
                                0, "r1", T0, "dev.ferry.run.started", Map.of("pipeline", "mnist")));
        long second =
                store.appendEvent(
                        new EventRecord(
                                0,
                                "r1",
                                T0.plusSeconds(1),
                                "dev.ferry.step.finished",
                                Map.of("step", "train", "exitCode", 0)));
        store.appendEvent(new EventRecord(0, null, T0, "dev.ferry.gc.finished", Map.of()));

        assertThat(second).isGreaterThan(first);
        assertThat(store.events("r1", 0))
                .containsExactly(
                        new EventRecord(
                                first,
                                "r1",
                                T0,
                                "dev.ferry.run.started",
                                Map.of("pipeline", "mnist")),
                        new EventRecord(
                                second,
                                "r1",
                                T0.plusSeconds(1),
                                "dev.ferry.step.finished",
                                Map.of("step", "train", "exitCode", 0)));
        assertThat(store.events("r1", first)).extracting(EventRecord::seq).containsExactly(second);
    }

    @Test
    void survivesManyConcurrentWriters() throws Exception {
        store.insertRun(run("r1", T0));
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 64; i++) {
                String id = "s" + i;
                pool.submit(
                        () -> {
                            StepRunRecord s = step(id, "r1", "fan", StepState.RUNNING);
                            store.insertStepRun(s);
                            store.completeStepRun(
                                    finished(s, StepState.SUCCEEDED, T0),
                                    List.of(new StepOutput.ValueOutput("i", id)),
                                    List.of(),
                                    List.of());
                            store.appendEvent(new EventRecord(0, "r1", T0, "t", Map.of("id", id)));
                            return null;
                        });
            }
        }
        assertThat(store.stepRuns("r1"))
                .hasSize(64)
                .allMatch(s -> s.state() == StepState.SUCCEEDED);
        assertThat(store.events("r1", 0)).hasSize(64);
    }

    @Test
    void reopeningAMigratedDatabaseKeepsItsData() {
        store.insertRun(run("r1", T0));
        try (JdbcMetadataStore again = MetadataStores.open(jdbcUrl())) {
            assertThat(again.findRun("r1")).isPresent();
        }
    }
}
