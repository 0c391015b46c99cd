package dev.ferry.ml.validate;

import dev.ferry.ml.data.Dataset;
import dev.ferry.ml.profile.ColumnProfile;
import dev.ferry.ml.profile.DatasetProfile;
import dev.ferry.ml.profile.Profiler;
import java.util.List;
import java.util.Optional;

/**
 * What new data is checked against: the schema (columns, types, categories) and per-column limits,
 * with the reference profile whose distributions new data is compared with. Inferred from the first
 * dataset seen and kept as the {@code schema} artifact ({@code schema.json}), which a person may
 * edit (widen a range, allow missing values) and commit beside the pipeline.
 *
 * @param reference the profile of the data the expectations were inferred from
 * @param columns limits per column, in schema order
 */
public record Expectations(DatasetProfile reference, List<ColumnExpectation> columns) {
    public Expectations {
        columns = List.copyOf(columns);
    }

    /** Expectations that the given data meets exactly: its ranges, missing fractions and NaNs. */
    public static Expectations inferFrom(Dataset dataset) {
        DatasetProfile profile = new Profiler().profile(dataset);
        List<ColumnExpectation> columns =
                profile.columns().stream().map(Expectations::infer).toList();
        return new Expectations(profile, columns);
    }

    private static ColumnExpectation infer(ColumnProfile column) {
        return new ColumnExpectation(
                column.spec().name(),
                column.min(),
                column.max(),
                column.missingFraction(),
                column.nan() > 0);
    }

    public Optional<ColumnExpectation> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }
}
