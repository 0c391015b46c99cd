package dev.ferry.ml.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.RecordingStepContext;
import dev.ferry.ml.data.StringColumn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateStepTest {
    @TempDir Path dir;
    private Path schema;
    private int runs;

    /** 1000 rows: age 20..69, colour red/blue, income around 3000, label yes/no. */
    private static List<Column> reference(int rows, double shift) {
        double[] age = IntStream.range(0, rows).mapToDouble(r -> 20 + r % 50).toArray();
        double[] income =
                IntStream.range(0, rows)
                        .mapToDouble(r -> 2000 + (r * 7919 % 2000) + shift)
                        .toArray();
        int[] colour = IntStream.range(0, rows).map(r -> r % 3 == 0 ? 1 : 0).toArray();
        int[] label = IntStream.range(0, rows).map(r -> r % 4 == 0 ? 1 : 0).toArray();
        return new ArrayList<>(
                List.of(
                        new NumberColumn("age", age),
                        new CategoryColumn("colour", List.of("red", "blue"), colour),
                        new NumberColumn("income", income),
                        new CategoryColumn("label", List.of("no", "yes"), label)));
    }

    private Path write(List<Column> columns) {
        Path file = dir.resolve("data" + (runs++) + ".arrow");
        new DatasetWriter().write(Dataset.of(columns, Optional.empty()), file);
        return file;
    }

    private RecordingStepContext context(Map<String, Object> inputs) {
        return new RecordingStepContext(dir.resolve("run" + (runs++)), inputs);
    }

    @BeforeEach
    void infersTheSchemaOnFirstUse() {
        RecordingStepContext first = context(Map.of("dataset", write(reference(1000, 0))));
        new ValidateStep().execute(first);
        assertThat(first.outputNames()).containsExactly("report", "schema");
        assertThat(first.described.get("report").logicalType()).isEqualTo("report");
        schema = first.outputsDir().resolve("schema.json");
    }

    @Test
    void passesDataOfTheSameKind() {
        RecordingStepContext context =
                context(Map.of("dataset", write(reference(900, 0)), "schema", schema));
        new ValidateStep().execute(context);
        assertThat(context.values).containsEntry("anomalies", 0);
    }

    @Test
    void failsOnAMissingColumnAndWritesTheReportFirst() throws Exception {
        List<Column> columns = reference(1000, 0);
        columns.remove(2);
        RecordingStepContext context = context(Map.of("dataset", write(columns), "schema", schema));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .isInstanceOf(ValidationFailedException.class)
                .hasMessageContaining("validation found 1 anomaly in 1000 rows:")
                .hasMessageContaining(
                        "column 'income' [missing-column]: expected a column of type number;"
                                + " observed no such column");
        JsonNode report =
                new ObjectMapper().readTree(context.outputsDir().resolve("report.json").toFile());
        assertThat(report.path("passed").asBoolean()).isFalse();
        assertThat(report.path("anomalies").get(0).path("kind").asText())
                .isEqualTo("missing-column");
        assertThat(report.path("anomalies").get(0).path("column").asText()).isEqualTo("income");
    }

    @Test
    void reportsAWrongTypeANewColumnAndAnUnexpectedCategoryTogether() {
        List<Column> columns = reference(1000, 0);
        columns.set(
                0,
                new StringColumn(
                        "age",
                        IntStream.range(0, 1000).mapToObj(r -> "old").toArray(String[]::new)));
        columns.set(
                1,
                new CategoryColumn(
                        "colour",
                        List.of("blue", "green", "red"),
                        IntStream.range(0, 1000).map(r -> r % 100 == 0 ? 1 : 2).toArray()));
        columns.add(new NumberColumn("extra", new double[1000]));
        RecordingStepContext context = context(Map.of("dataset", write(columns), "schema", schema));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .hasMessageContaining(
                        "column 'age' [type-change]: expected number; observed string")
                .hasMessageContaining(
                        "column 'colour' [unexpected-category]: expected one of [red, blue];"
                                + " observed values [green] in 10 rows")
                .hasMessageContaining("column 'extra' [new-column]");
    }

    @Test
    void reportsOutOfRangeNaNAndMissingValues() {
        List<Column> columns = reference(1000, 0);
        double[] age = ((NumberColumn) columns.get(0)).values().clone();
        age[5] = 130;
        age[6] = Double.NaN;
        BitSet missing = new BitSet();
        missing.set(10, 60);
        columns.set(0, new NumberColumn("age", age, missing));
        RecordingStepContext context = context(Map.of("dataset", write(columns), "schema", schema));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .hasMessageContaining(
                        "column 'age' [out-of-range]: expected values in [20, 69]; observed min 20,"
                                + " max 130 (1 values outside)")
                .hasMessageContaining(
                        "column 'age' [nan]: expected no NaN values; observed 1 NaN values")
                .hasMessageContaining(
                        "column 'age' [missing-values]: expected at most 0.00% missing; observed"
                                + " 5.00% (50 of 1000 rows)");
    }

    @Test
    void reportsARowCountChangeAndAShiftedDistribution() {
        RecordingStepContext context =
                context(
                        Map.of(
                                "dataset",
                                write(reference(200, 1500)),
                                "schema",
                                schema,
                                "max_distance",
                                0.2));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .hasMessageContaining(
                        "dataset [row-count-change]: expected 1000 rows ± 50%; observed 200 rows")
                .hasMessageContaining(
                        "column 'income' [distribution-distance]: expected Jensen-Shannon distance"
                                + " to the reference at most 0.200; observed")
                .hasMessageContaining("column 'income' [out-of-range]");
    }

    @Test
    void rejectsASchemaFileItCannotUse() throws Exception {
        Path bad =
                java.nio.file.Files.writeString(dir.resolve("bad.json"), "{\"format\":\"nope\"}");
        RecordingStepContext context =
                context(Map.of("dataset", write(reference(10, 0)), "schema", bad));
        assertThatThrownBy(() -> new ValidateStep().execute(context))
                .hasMessage(
                        "schema "
                                + bad
                                + ": expected format 'ferry-expectations/1' (written by"
                                + " ferry/validate), found 'nope'");
    }
}
