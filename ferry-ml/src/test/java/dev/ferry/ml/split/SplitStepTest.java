package dev.ferry.ml.split;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.RecordingStepContext;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitStepTest {
    @TempDir Path dir;

    private Path dataset(int rows) {
        Dataset dataset =
                Dataset.of(
                        List.of(
                                new NumberColumn(
                                        "x", IntStream.range(0, rows).asDoubleStream().toArray()),
                                new CategoryColumn(
                                        "y",
                                        List.of("a", "b"),
                                        IntStream.range(0, rows)
                                                .map(r -> r % 4 == 0 ? 1 : 0)
                                                .toArray())),
                        Optional.of("y"));
        Path file = dir.resolve("in.arrow");
        new DatasetWriter().write(dataset, file);
        return file;
    }

    private RecordingStepContext run(Map<String, Object> inputs) {
        RecordingStepContext context =
                new RecordingStepContext(dir.resolve("run" + inputs.hashCode()), inputs);
        new SplitStep().execute(context);
        return context;
    }

    @Test
    void writesTrainEvalAndTestDatasetsThatKeepTheSchemaAndClassShares() {
        Map<String, Object> inputs =
                new HashMap<>(
                        Map.of(
                                "dataset",
                                dataset(400),
                                "eval",
                                0.2,
                                "test",
                                0.1,
                                "stratify",
                                "y",
                                "seed",
                                7));
        RecordingStepContext context = run(inputs);
        assertThat(context.outputNames()).containsExactly("eval", "test", "train");
        DatasetReader reader = new DatasetReader();
        Dataset train = reader.read(context.outputsDir().resolve("train.arrow"));
        Dataset eval = reader.read(context.outputsDir().resolve("eval.arrow"));
        Dataset test = reader.read(context.outputsDir().resolve("test.arrow"));
        assertThat(train.rows() + eval.rows() + test.rows()).isEqualTo(400);
        assertThat(eval.rows()).isEqualTo(80);
        assertThat(test.rows()).isEqualTo(40);
        assertThat(eval.schema()).isEqualTo(train.schema());
        assertThat(IntStream.of(eval.categories("y").codes()).filter(c -> c == 1).count())
                .isEqualTo(20);
        assertThat(context.described.get("train").logicalType()).isEqualTo("dataset");
        assertThat(context.values).containsEntry("eval_rows", 80);
    }

    @Test
    void theSameSeedWritesIdenticalFiles() throws Exception {
        Path input = dataset(100);
        RecordingStepContext a = run(Map.of("dataset", input, "seed", 3));
        RecordingStepContext b = run(Map.of("dataset", input, "seed", 3, "eval", 0.2));
        assertThat(java.nio.file.Files.readAllBytes(a.outputsDir().resolve("train.arrow")))
                .isEqualTo(java.nio.file.Files.readAllBytes(b.outputsDir().resolve("train.arrow")));
    }

    @Test
    void rejectsStratifyingByAColumnThatDoesNotExist() {
        Path input = dataset(10);
        assertThatThrownBy(() -> run(Map.of("dataset", input, "stratify", "label")))
                .isInstanceOf(DataException.class)
                .hasMessage("no column 'label' in this dataset; its columns are [x, y]");
    }

    @Test
    void rejectsAnEmptyDataset() {
        Path input = dataset(0);
        assertThatThrownBy(() -> run(Map.of("dataset", input)))
                .hasMessage("step 'test': the dataset has no rows to split");
    }

    @Test
    void ordersByAColumnWhenAsked() {
        RecordingStepContext context = run(Map.of("dataset", dataset(10), "by", "x", "eval", 0.3));
        Dataset eval = new DatasetReader().read(context.outputsDir().resolve("eval.arrow"));
        assertThat(eval.numbers("x").values()).containsExactly(7, 8, 9);
    }
}
