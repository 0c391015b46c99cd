package dev.ferry.core.lineage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.api.artifact.Digest;
import dev.ferry.api.metadata.ArtifactRecord;
import dev.ferry.api.metadata.LineageEdge;
import dev.ferry.api.metadata.LineageEdge.Direction;
import dev.ferry.api.metadata.MetadataException;
import dev.ferry.api.metadata.RunRecord;
import dev.ferry.api.metadata.RunState;
import dev.ferry.api.metadata.StepRunRecord;
import dev.ferry.api.metadata.StepState;
import dev.ferry.core.metadata.JdbcMetadataStore;
import dev.ferry.core.metadata.MetadataStores;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineageServiceTest {
    private static final Instant T0 = Instant.parse("2026-11-23T03:00:00Z");
    private static final Digest RAW = digest('1');
    private static final Digest TRAIN = digest('2');
    private static final Digest EVAL = digest('3');
    private static final Digest MODEL = digest('4');
    private static final Digest REPORT = digest('5');
    private static final Digest REPORT2 = digest('6');

    @TempDir Path home;
    private JdbcMetadataStore store;
    private LineageService lineage;

    private static Digest digest(char c) {
        return new Digest(String.valueOf(c).repeat(64));
    }

    @BeforeEach
    void recordTwoRuns() {
        store = MetadataStores.openEmbedded(home);
        lineage = new LineageService(store);
        run("r1", T0);
        step("r1", "ingest", List.of(), List.of(RAW));
        step("r1", "split", List.of(RAW), List.of(TRAIN, EVAL));
        step("r1", "train", List.of(TRAIN), List.of(MODEL));
        step("r1", "evaluate", List.of(MODEL, EVAL), List.of(REPORT));
        run("r2", T0.plusSeconds(60));
        step("r2", "evaluate", List.of(MODEL, EVAL), List.of(REPORT2));
    }

    @AfterEach
    void close() {
        store.close();
    }

    private void run(String id, Instant at) {
        store.insertRun(
                new RunRecord(
                        id,
                        "mnist",
                        "p.yaml",
                        "sha256:" + "0".repeat(64),
                        Optional.empty(),
                        Map.of(),
                        RunState.SUCCEEDED,
                        at,
                        Optional.of(at),
                        Optional.empty(),
                        Optional.empty()));
    }

    private void step(String runId, String name, List<Digest> inputs, List<Digest> outputs) {
        String id = runId + "-" + name;
        StepRunRecord record =
                new StepRunRecord(
                        id,
                        runId,
                        name,
                        0,
                        Map.of(),
                        1,
                        StepState.SUCCEEDED,
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(T0),
                        Optional.of(T0),
                        Optional.of(0),
                        Optional.empty());
        store.insertStepRun(record);
        List<LineageEdge> edges = new ArrayList<>();
        List<ArtifactRecord> artifacts = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            edges.add(new LineageEdge(inputs.get(i), runId, id, Direction.INPUT, "in" + i));
        }
        for (int i = 0; i < outputs.size(); i++) {
            edges.add(new LineageEdge(outputs.get(i), runId, id, Direction.OUTPUT, "out" + i));
            artifacts.add(new ArtifactRecord(outputs.get(i), "dataset", "text/csv", 10, false, T0));
        }
        store.completeStepRun(record, List.of(), artifacts, edges);
    }

    private static List<String> steps(LineageGraph graph) {
        return graph.stepRuns().stream().map(StepRunRecord::id).toList();
    }

    private static List<Digest> artifacts(LineageGraph graph) {
        return graph.artifacts().stream().map(ArtifactNode::digest).toList();
    }

    @Test
    void findsTheDirectProducerAndConsumersOfAnArtifact() {
        ArtifactLineage model = lineage.ofArtifact(MODEL, 1);

        assertThat(model.artifact().record()).isPresent();
        assertThat(steps(model.upstream())).containsExactly("r1-train");
        assertThat(artifacts(model.upstream())).containsExactly(TRAIN);
        assertThat(steps(model.downstream())).containsExactly("r1-evaluate", "r2-evaluate");
        assertThat(artifacts(model.downstream())).containsExactly(REPORT, REPORT2);
    }

    @Test
    void followsLineageUpToTheRequestedDepth() {
        ArtifactLineage model = lineage.ofArtifact(MODEL, 10);
        assertThat(steps(model.upstream())).containsExactly("r1-train", "r1-split", "r1-ingest");
        assertThat(artifacts(model.upstream())).containsExactly(TRAIN, RAW);

        ArtifactLineage raw = lineage.ofArtifact(RAW, 2);
        assertThat(steps(raw.upstream())).containsExactly("r1-ingest");
        assertThat(steps(raw.downstream()))
                .containsExactly("r1-split", "r1-train", "r1-evaluate", "r2-evaluate");

        ArtifactLineage none = lineage.ofArtifact(MODEL, 0);
        assertThat(none.upstream().isEmpty()).isTrue();
        assertThat(none.downstream().isEmpty()).isTrue();
    }

    @Test
    void anUnknownArtifactHasNoLineage() {
        ArtifactLineage unknown = lineage.ofArtifact(digest('9'), 3);
        assertThat(unknown.artifact().record()).isEmpty();
        assertThat(unknown.upstream().isEmpty()).isTrue();
        assertThat(unknown.downstream().isEmpty()).isTrue();
    }

    @Test
    void givesTheGraphOfARunByIdPrefix() {
        LineageGraph graph = lineage.ofRun("r1");
        assertThat(steps(graph))
                .containsExactly("r1-ingest", "r1-split", "r1-train", "r1-evaluate");
        assertThat(artifacts(graph)).containsExactly(RAW, TRAIN, EVAL, MODEL, REPORT);
        assertThat(graph.edges()).hasSize(9);
        assertThatThrownBy(() -> lineage.ofRun("r9"))
                .isInstanceOf(MetadataException.class)
                .hasMessageContaining("no run matches 'r9'");
    }

    @Test
    void rendersLineageAsText() {
        String text = LineageText.render(lineage.ofArtifact(MODEL, 1));
        assertThat(text)
                .startsWith("artifact " + MODEL + " (dataset, text/csv, 10 bytes)\nproduced by:\n")
                .contains("  r1 train SUCCEEDED\n      in  in0=sha256:222222222222\n")
                .contains("consumed by:\n  r1 evaluate SUCCEEDED\n");
        assertThat(LineageText.render(lineage.ofRun("r2")))
                .isEqualTo(
                        "  r2 evaluate SUCCEEDED\n"
                                + "      in  in0=sha256:444444444444, in1=sha256:333333333333\n"
                                + "      out out0=sha256:666666666666\n");
    }
}
