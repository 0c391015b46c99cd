package dev.ferry.ml.ingest;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetSchema;
import dev.ferry.ml.data.DatasetWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;

/**
 * {@code ferry/ingest-arff}: an ARFF file becomes a dataset with its declared types. The label is
 * {@code label:} if given, else the last attribute (ARFF's convention for the class).
 */
public final class IngestArffStep implements Step {
    @Override
    public String name() {
        return "ferry/ingest-arff";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(Set.of("file"), Set.of("label"), Set.of("dataset"));
    }

    @Override
    public void execute(StepContext context) {
        Path file = StepInputs.file(context, "file");
        ArffReader.Table table = new ArffReader().read(file);
        String label =
                StepInputs.text(context, "label").orElse(table.attributes().getLast().name());
        DatasetSchema schema = new DatasetSchema(table.attributes(), Optional.of(label));
        Dataset dataset = new Dataset(schema, table.columns());
        new DatasetWriter()
                .write(dataset, context.outputsDir().resolve("dataset" + DatasetWriter.EXTENSION));
        context.describeOutput("dataset", "dataset", DatasetWriter.MEDIA_TYPE);
        context.value("rows", dataset.rows());
        context.log(
                "ingested relation '"
                        + table.relation()
                        + "': "
                        + dataset.rows()
                        + " rows, "
                        + table.attributes().size()
                        + " attributes ("
                        + table.attributes().stream()
                                .filter(a -> a.type() == dev.ferry.ml.data.ColumnType.CATEGORY)
                                .count()
                        + " nominal), label '"
                        + label
                        + "'");
    }
}
