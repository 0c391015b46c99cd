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
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestArffStepTest {
    @TempDir Path dir;

    @Test
    void ingestsTheGermanCreditDataWithItsNominalAndNumericAttributes() {
        Dataset dataset = ingest(Path.of("../examples/credit/data/credit-g.arff"), Map.of());
        assertThat(dataset.rows()).isEqualTo(1000);
        assertThat(dataset.schema().columns()).hasSize(21);
        assertThat(dataset.schema().columns().stream().filter(c -> c.type() == ColumnType.CATEGORY))
                .hasSize(14);
        assertThat(dataset.label().name()).isEqualTo("class");
        assertThat(dataset.categories("class").categories()).containsExactly("good", "bad");
        assertThat(dataset.categories("checking_status").get(0)).isEqualTo("<0");
        assertThat(dataset.numbers("credit_amount").get(0)).isEqualTo(1169);
        assertThat(dataset.categories("purpose").categories()).contains("new car", "radio/tv");
    }

    @Test
    void readsQuotedNamesStringAttributesAndMissingValues() throws IOException {
        Path arff =
                write(
                        """
                        % a comment
                        @RELATION 'tiny one'
                        @ATTRIBUTE 'the size' NUMERIC
                        @attribute colour {red, 'light blue', '?'}
                        @attribute note string
                        @attribute when date "yyyy-MM-dd"
                        @data
                        1.5, 'light blue', 'it''s fine', 2024-01-01
                        ?, red, ?, ?
                        3, '?', "quoted, with comma", 2024-01-02
                        """
                                .replace("'it''s fine'", "'it\\'s fine'"));
        Dataset dataset = ingest(arff, Map.of("label", "colour"));
        assertThat(dataset.numbers("the size").isMissing(1)).isTrue();
        assertThat(dataset.categories("colour").get(0)).isEqualTo("light blue");
        assertThat(dataset.categories("colour").get(2)).isEqualTo("?");
        assertThat(dataset.strings("note").values())
                .containsExactly("it's fine", null, "quoted, with comma");
        assertThat(dataset.strings("when").values()[1]).isNull();
        assertThat(dataset.label().name()).isEqualTo("colour");
    }

    @Test
    void rejectsAValueThatIsNotDeclaredNamingLineAndAttribute() throws IOException {
        Path arff = write("@relation r\n@attribute c {a, b}\n@data\na\nz\n");
        assertThatThrownBy(() -> ingest(arff, Map.of()))
                .isInstanceOf(DataException.class)
                .hasMessage(
                        "ARFF file "
                                + arff
                                + " line 5: attribute 'c' has value 'z', which is not one of its"
                                + " declared values [a, b]");
    }

    @Test
    void rejectsAWrongTypeInANumericAttribute() throws IOException {
        Path arff =
                write(
                        "@relation r\n"
                                + "@attribute x numeric\n"
                                + "@attribute y numeric\n"
                                + "@data\n"
                                + "1,2\n"
                                + "3,abc\n");
        assertThatThrownBy(() -> ingest(arff, Map.of()))
                .hasMessage(
                        "ARFF file "
                                + arff
                                + " line 6: attribute 'y' is numeric but the value is 'abc'");
    }

    @Test
    void rejectsARowWithAMissingField() throws IOException {
        Path arff = write("@relation r\n@attribute x numeric\n@attribute y numeric\n@data\n1\n");
        assertThatThrownBy(() -> ingest(arff, Map.of()))
                .hasMessage(
                        "ARFF file " + arff + " line 5: 1 values, but 2 attributes are declared");
    }

    @Test
    void rejectsAnEmptyFile() throws IOException {
        Path arff = write("");
        assertThatThrownBy(() -> ingest(arff, Map.of()))
                .isInstanceOf(ArffSyntaxException.class)
                .hasMessage(
                        "ARFF file "
                                + arff
                                + " is empty: expected a header of @attribute lines, then @data");
    }

    @Test
    void rejectsAnUnknownAttributeType() throws IOException {
        Path arff = write("@relation r\n@attribute x relational\n@data\n");
        assertThatThrownBy(() -> ingest(arff, Map.of()))
                .hasMessage(
                        "ARFF file "
                                + arff
                                + " line 2: attribute 'x' has type 'relational'; expected numeric,"
                                + " real, integer, string, date or {values}");
    }

    @Test
    void rejectsALabelThatIsNotAnAttribute() throws IOException {
        Path arff = write("@relation r\n@attribute x numeric\n@data\n1\n");
        assertThatThrownBy(() -> ingest(arff, Map.of("label", "class")))
                .hasMessage("label column 'class' is not one of the columns [x]");
    }

    private Path write(String text) throws IOException {
        return Files.writeString(dir.resolve("data.arff"), text);
    }

    private Dataset ingest(Path arff, Map<String, Object> extra) {
        Map<String, Object> inputs = new HashMap<>(extra);
        inputs.put("file", arff);
        RecordingStepContext context = new RecordingStepContext(dir.resolve("run"), inputs);
        new IngestArffStep().execute(context);
        return new DatasetReader().read(context.outputsDir().resolve("dataset.arrow"));
    }
}
