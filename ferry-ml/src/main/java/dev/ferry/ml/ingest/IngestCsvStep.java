package dev.ferry.ml.ingest;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepException;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ferry/ingest-csv}: a CSV file with a header becomes a dataset. Column types are inferred
 * (number, category, string); {@code categorical:} forces categories, {@code missing:} lists the
 * cell texts that mean a missing value, {@code label:} names the label column.
 */
public final class IngestCsvStep implements Step {
    @Override
    public String name() {
        return "ferry/ingest-csv";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(
                Set.of("file"),
                Set.of("label", "delimiter", "categorical", "missing", "max_categories"),
                Set.of("dataset"));
    }

    @Override
    public void execute(StepContext context) {
        Path file = StepInputs.file(context, "file");
        String delimiter = StepInputs.text(context, "delimiter").orElse(",");
        if (delimiter.length() != 1 && !delimiter.equals("\\t")) {
            throw new StepException(
                    "step '"
                            + context.stepName()
                            + "': delimiter must be one character, got '"
                            + delimiter
                            + "'");
        }
        Set<String> missing =
                context.optional("missing").isPresent()
                        ? new HashSet<>(StepInputs.list(context, "missing"))
                        : ColumnTyping.DEFAULT_MISSING;
        Set<String> categorical = new HashSet<>(StepInputs.list(context, "categorical"));
        int maxCategories =
                context.optional("max_categories").isPresent()
                        ? (int) context.number("max_categories")
                        : ColumnTyping.DEFAULT_MAX_CATEGORIES;
        Optional<String> label = StepInputs.text(context, "label");

        TextTable table =
                new CsvTableReader()
                        .read(file, delimiter.equals("\\t") ? '\t' : delimiter.charAt(0));
        ColumnTyping.requireColumns(table, categorical, "categorical");
        label.ifPresent(l -> ColumnTyping.requireColumns(table, Set.of(l), "label"));
        ColumnTyping typing = new ColumnTyping(missing, categorical, maxCategories);
        List<Column> columns = new ArrayList<>();
        for (int i = 0; i < table.header().size(); i++) {
            columns.add(typing.column(table, i));
        }
        Dataset dataset = Dataset.of(columns, label);
        new DatasetWriter()
                .write(dataset, context.outputsDir().resolve("dataset" + DatasetWriter.EXTENSION));
        context.describeOutput("dataset", "dataset", DatasetWriter.MEDIA_TYPE);
        context.value("rows", dataset.rows());
        context.log(
                "ingested "
                        + dataset.rows()
                        + " rows: "
                        + String.join(
                                ", ",
                                dataset.schema().columns().stream()
                                        .map(c -> c.name() + " " + c.describeType())
                                        .toList()));
    }
}
