package dev.ferry.ml.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetFileTest {
    @TempDir Path dir;

    private final DatasetWriter writer = new DatasetWriter();
    private final DatasetReader reader = new DatasetReader();

    @Test
    void roundTripsEveryColumnTypeWithMissingValuesAcrossSeveralBatches() {
        int rows = DatasetWriter.BATCH_ROWS * 2 + 17;
        double[] numbers = new double[rows];
        BitSet missingNumbers = new BitSet();
        int[] codes = new int[rows];
        String[] text = new String[rows];
        float[] pixels = new float[rows * 3];
        for (int r = 0; r < rows; r++) {
            numbers[r] = r % 11 == 0 ? Double.NaN : r * 0.5;
            if (r % 13 == 0) {
                missingNumbers.set(r);
                numbers[r] = 0;
            }
            codes[r] = r % 7 == 0 ? CategoryColumn.MISSING : r % 2;
            text[r] = r % 5 == 0 ? null : "row " + r;
            for (int k = 0; k < 3; k++) {
                pixels[r * 3 + k] = r + k / 10f;
            }
        }
        Dataset dataset =
                Dataset.of(
                        List.of(
                                new NumberColumn("x", numbers, missingNumbers),
                                new CategoryColumn("colour", List.of("red", "blue"), codes),
                                new StringColumn("note", text),
                                new TensorColumn("image", 3, pixels)),
                        Optional.of("colour"));

        Path file = dir.resolve("dataset.arrow");
        writer.write(dataset, file);
        Dataset back = reader.read(file);

        assertThat(back.schema()).isEqualTo(dataset.schema());
        assertThat(back.rows()).isEqualTo(rows);
        assertThat(back.numbers("x").values()).containsExactly(numbers);
        assertThat(back.numbers("x").missing()).isEqualTo(missingNumbers);
        assertThat(back.categories("colour").codes()).containsExactly(codes);
        assertThat(back.strings("note").values()).containsExactly(text);
        assertThat(back.tensor("image").values()).containsExactly(pixels);
        assertThat(back.label().name()).isEqualTo("colour");
        assertThat(reader.readSchema(dir)).isEqualTo(dataset.schema());
    }

    @Test
    void roundTripsAnEmptyDataset() {
        Dataset empty = Dataset.of(List.of(new NumberColumn("x", new double[0])), Optional.empty());
        Path file = dir.resolve("empty.arrow");
        writer.write(empty, file);
        assertThat(reader.read(file).rows()).isZero();
        assertThat(reader.read(file).schema()).isEqualTo(empty.schema());
    }

    @Test
    void selectsRowsInTheGivenOrder() {
        Dataset dataset =
                Dataset.of(
                        List.of(
                                new NumberColumn("x", new double[] {1, 2, 3}),
                                new TensorColumn("t", 2, new float[] {1, 1, 2, 2, 3, 3})),
                        Optional.empty());
        Dataset picked = dataset.select(new int[] {2, 0});
        assertThat(picked.numbers("x").values()).containsExactly(3, 1);
        assertThat(picked.tensor("t").values()).containsExactly(3, 3, 1, 1);
    }

    @Test
    void rejectsAFileThatIsNotArrowNamingIt() throws Exception {
        Path file = dir.resolve("bad.arrow");
        Files.writeString(file, "a,b\n1,2\n");
        assertThatThrownBy(() -> reader.read(file))
                .isInstanceOf(DataException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("not a readable Arrow IPC file");
    }

    @Test
    void namesTheColumnsThatExistWhenOneIsMissing() {
        Dataset dataset =
                Dataset.of(List.of(new NumberColumn("x", new double[] {1})), Optional.empty());
        assertThatThrownBy(() -> dataset.numbers("y"))
                .isInstanceOf(DataException.class)
                .hasMessage("no column 'y' in this dataset; its columns are [x]");
        assertThatThrownBy(() -> dataset.tensor("x"))
                .hasMessage("column 'x' is number, not tensor");
    }
}
