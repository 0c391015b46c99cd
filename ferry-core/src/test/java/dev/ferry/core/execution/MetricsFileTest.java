package dev.ferry.core.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsFileTest {
    record Point(String name, double value, long step) {}

    private final List<Point> points = new ArrayList<>();

    private MetricsFile file(Path path) {
        return new MetricsFile(
                path, new ObjectMapper(), (n, v, s) -> points.add(new Point(n, v, s)));
    }

    @Test
    void readsCompleteLinesAsTheyAreAppendedAndTheLastPartialLineAtTheEnd(@TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("metrics.jsonl");
        Files.writeString(path, "{\"name\":\"loss\",\"value\":0.5,\"step\":1}\n{\"name\":\"lo");
        MetricsFile metrics = file(path);
        metrics.poll();
        assertThat(points).containsExactly(new Point("loss", 0.5, 1));
        Files.writeString(path, "ss\",\"value\":0.25,\"step\":2}", StandardOpenOption.APPEND);
        metrics.poll();
        assertThat(points).hasSize(1);
        metrics.finish();
        assertThat(points).containsExactly(new Point("loss", 0.5, 1), new Point("loss", 0.25, 2));
    }

    @Test
    void numbersLinesWithoutAStepPerMetric(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("metrics.jsonl");
        Files.writeString(
                path,
                """
                {"name":"acc","value":0.1}
                {"name":"loss","value":3}
                {"name":"acc","value":0.2}

                """);
        file(path).finish();
        assertThat(points)
                .containsExactly(
                        new Point("acc", 0.1, 0),
                        new Point("loss", 3, 0),
                        new Point("acc", 0.2, 1));
    }

    @Test
    void rejectsALineThatIsNotAMetricNamingTheLineAndTheExpectedShape(@TempDir Path dir)
            throws Exception {
        Path path = dir.resolve("metrics.jsonl");
        Files.writeString(
                path, "{\"name\":\"acc\",\"value\":0.1}\n{\"name\":\"acc\",\"value\":\"high\"}\n");
        assertThatThrownBy(() -> file(path).finish())
                .isInstanceOf(AttemptFailure.class)
                .hasMessageContaining("FERRY_METRICS line 2")
                .hasMessageContaining("\"value\" must be a number")
                .hasMessageContaining("expected {\"name\"");
    }

    @Test
    void aMissingFileHasNoMetrics(@TempDir Path dir) {
        file(dir.resolve("absent")).finish();
        assertThat(points).isEmpty();
    }
}
