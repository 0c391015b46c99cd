package dev.ferry.ml.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.ml.data.ColumnType;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetReader;
import dev.ferry.ml.data.RecordingStepContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestCsvStepTest {
    @TempDir Path dir;

    @Test
    void infersNumbersCategoriesAndTextAndMarksMissingCells() throws IOException {
        Path csv =
                write(
                        "age,colour,note,score,approved\n"
                                + "31,red,\"first, with comma\",0.5,yes\n"
                                + "NA,blue,second,NaN,no\n"
                                + "45,,third,1e3,yes\n");
        Dataset dataset = ingest(csv, Map.of("label", "approved", "max_categories", 2));

        assertThat(dataset.schema().columns())
                .extracting(c -> c.type())
                .containsExactly(
                        ColumnType.NUMBER,
                        ColumnType.CATEGORY,
                        ColumnType.STRING,
                        ColumnType.NUMBER,
                        ColumnType.CATEGORY);
        assertThat(dataset.numbers("age").isMissing(1)).isTrue();
        assertThat(dataset.numbers("age").get(2)).isEqualTo(45);
        assertThat(dataset.categories("colour").categories()).containsExactly("blue", "red");
        assertThat(dataset.categories("colour").isMissing(2)).isTrue();
        assertThat(dataset.strings("note").values()[0]).isEqualTo("first, with comma");
        assertThat(dataset.numbers("score").get(1)).isNaN();
        assertThat(dataset.numbers("score").isMissing(1)).isFalse();
        assertThat(dataset.numbers("score").get(2)).isEqualTo(1000);
        assertThat(dataset.label().name()).isEqualTo("approved");
    }

    @Test
    void forcesNumericLookingColumnsToCategoriesWhenAsked() throws IOException {
        Path csv = write("zip;n\n10115;1\n80331;2\n");
        Dataset dataset = ingest(csv, Map.of("delimiter", ";", "categorical", List.of("zip")));
        assertThat(dataset.categories("zip").categories()).containsExactly("10115", "80331");
        assertThat(dataset.numbers("n").values()).containsExactly(1, 2);
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path csv = write("");
        assertThatThrownBy(() -> ingest(csv, Map.of()))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "CSV file " + csv + " is empty: expected a header line naming the columns");
    }

    @Test
    void rejectsAHeaderWithoutRows() throws IOException {
        Path csv = write("a,b\n");
        assertThatThrownBy(() -> ingest(csv, Map.of()))
                .hasMessage("CSV file " + csv + " has a header but no rows");
    }

    @Test
    void rejectsARowWithTheWrongNumberOfFieldsNamingTheLine() throws IOException {
        Path csv = write("a,b\n1,2\n3\n");
        assertThatThrownBy(() -> ingest(csv, Map.of()))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "CSV file "
                                + csv
                                + " line 3: 1 fields, but the header names 2 columns [a, b]");
    }

    @Test
    void rejectsALabelThatIsNotAColumn() throws IOException {
        Path csv = write("a,b\n1,2\n");
        assertThatThrownBy(() -> ingest(csv, Map.of("label", "class")))
                .hasMessage(
                        "CSV file "
                                + csv
                                + ": label names column 'class', but the columns are [a, b]");
    }

    @Test
    void rejectsDuplicateColumnNames() throws IOException {
        Path csv = write("a,a\n1,2\n");
        assertThatThrownBy(() -> ingest(csv, Map.of()))
                .hasMessage("CSV file " + csv + " line 1: column name 'a' appears twice");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("data.csv"), text);
    }

    private Dataset ingest(Path csv, Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(extra);
        inputs.put("file", csv);
        RecordingStepContext context = new RecordingStepContext(dir.resolve("run"), inputs);
        new IngestCsvStep().execute(context);
        return new DatasetReader().read(context.outputsDir().resolve("dataset.arrow"));
    }
}
