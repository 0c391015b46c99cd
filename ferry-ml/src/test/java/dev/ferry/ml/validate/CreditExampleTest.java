package dev.ferry.ml.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.RecordingStepContext;
import dev.ferry.ml.ingest.IngestArffStep;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The credit example's committed expectations still describe its data, and catch a skewed sample.
 */
class CreditExampleTest {
    private static final Path EXAMPLE = Path.of("../examples/credit/data");

    @TempDir Path dir;

    private Path ingest() {
        RecordingStepContext context =
                new RecordingStepContext(
                        dir.resolve("ingest"),
                        Map.of("file", EXAMPLE.resolve("credit-g.arff"), "label", "class"));
        new IngestArffStep().execute(context);
        return context.outputsDir().resolve("dataset.arrow");
    }

    @Test
    void theShippedDataMeetsTheCommittedSchema() {
        RecordingStepContext context =
                new RecordingStepContext(
                        dir.resolve("validate"),
                        Map.of("dataset", ingest(), "schema", EXAMPLE.resolve("schema.json")));
        new ValidateStep().execute(context);
        assertThat(context.values).containsEntry("anomalies", 0);
    }

    @Test
    void aSampleOfOnlyBadRisksFailsOnTheClassDistribution() {
        Dataset all = new DatasetReader().read(ingest());
        int[] bad =
                IntStream.range(0, all.rows())
                        .filter(r -> all.categories("class").get(r).equals("bad"))
                        .toArray();
        Path skewed = dir.resolve("bad.arrow");
        new DatasetWriter().write(all.select(bad), skewed);
        RecordingStepContext context =
                new RecordingStepContext(
                        dir.resolve("skewed"),
                        Map.of(
                                "dataset",
                                skewed,
                                "schema",
                                EXAMPLE.resolve("schema.json"),
                                "max_row_change",
                                1.0));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("column 'class' [distribution-distance]");
    }
}
