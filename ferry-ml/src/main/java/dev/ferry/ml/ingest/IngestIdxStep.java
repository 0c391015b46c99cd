package dev.ferry.ml.ingest;

import dev.ferry.api.step.Step;
import dev.ferry.api.step.StepContext;
import dev.ferry.api.step.StepSignature;
import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.data.DatasetWriter;
import dev.ferry.ml.data.TensorColumn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * {@code ferry/ingest-idx}: images (and optionally labels) in IDX files become a dataset with a
 * tensor column {@code image} (raw values, e.g. 0–255 pixels) and a category column {@code label}.
 */
public final class IngestIdxStep implements Step {
    @Override
    public String name() {
        return "ferry/ingest-idx";
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public StepSignature signature() {
        return new StepSignature(Set.of("images"), Set.of("labels"), Set.of("dataset"));
    }

    @Override
    public void execute(StepContext context) {
        IdxReader reader = new IdxReader();
        Path imagesFile = StepInputs.file(context, "images");
        IdxArray images = reader.read(imagesFile);
        if (images.dims().length < 2) {
            throw new DataException(
                    "IDX file "
                            + imagesFile
                            + ": images need at least 2 dimensions (count, then the image's shape),"
                            + " the header declares "
                            + images.dims().length);
        }
        List<Column> columns = new ArrayList<>();
        columns.add(new TensorColumn("image", images.itemWidth(), images.values()));
        Optional<String> label = Optional.empty();
        if (context.optional("labels").isPresent()) {
            Path labelsFile = StepInputs.file(context, "labels");
            columns.add(labels(reader.read(labelsFile), labelsFile, images.count()));
            label = Optional.of("label");
        }
        Dataset dataset = Dataset.of(columns, label);
        new DatasetWriter()
                .write(dataset, context.outputsDir().resolve("dataset" + DatasetWriter.EXTENSION));
        context.describeOutput("dataset", "dataset", DatasetWriter.MEDIA_TYPE);
        context.value("rows", dataset.rows());
        context.log(
                "ingested "
                        + dataset.rows()
                        + " images of "
                        + images.itemWidth()
                        + " values from "
                        + imagesFile.getFileName());
    }

    private static CategoryColumn labels(IdxArray labels, Path file, int expectedCount) {
        if (labels.dims().length != 1) {
            throw new DataException(
                    "IDX file "
                            + file
                            + ": labels need 1 dimension, the header declares "
                            + labels.dims().length);
        }
        if (labels.count() != expectedCount) {
            throw new DataException(
                    "IDX file "
                            + file
                            + ": holds "
                            + labels.count()
                            + " labels but the images file holds "
                            + expectedCount
                            + " images");
        }
        int max = 0;
        int[] codes = new int[labels.count()];
        for (int i = 0; i < codes.length; i++) {
            float value = labels.values()[i];
            if (value < 0 || value != Math.rint(value)) {
                throw new DataException(
                        "IDX file "
                                + file
                                + ": label "
                                + i
                                + " is "
                                + value
                                + "; labels must be whole numbers >= 0");
            }
            codes[i] = (int) value;
            max = Math.max(max, codes[i]);
        }
        List<String> categories =
                IntStream.rangeClosed(0, max).mapToObj(Integer::toString).toList();
        return new CategoryColumn("label", categories, codes);
    }
}
