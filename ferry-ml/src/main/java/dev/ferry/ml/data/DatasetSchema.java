package dev.ferry.ml.data;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The columns of a dataset in order, and which one (if any) is the label a model learns to predict.
 *
 * @param columns the columns, names unique
 * @param label the label column's name, if the dataset has one
 */
public record DatasetSchema(List<ColumnSpec> columns, Optional<String> label) {
    public DatasetSchema {
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (ColumnSpec column : columns) {
            if (!seen.add(column.name())) {
                throw new DataException("column '" + column.name() + "' appears twice");
            }
        }
        if (label.isPresent() && !seen.contains(label.get())) {
            throw new DataException(
                    "label column '"
                            + label.get()
                            + "' is not one of the columns "
                            + columns.stream().map(ColumnSpec::name).toList());
        }
    }

    public DatasetSchema(List<ColumnSpec> columns) {
        this(columns, Optional.empty());
    }

    public DatasetSchema withLabel(String name) {
        return new DatasetSchema(columns, Optional.of(name));
    }

    public List<String> names() {
        return columns.stream().map(ColumnSpec::name).toList();
    }

    public Optional<ColumnSpec> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The named column, or an error listing the columns that exist. */
    public ColumnSpec require(String name) {
        return column(name)
                .orElseThrow(
                        () ->
                                new DataException(
                                        "no column '"
                                                + name
                                                + "' in this dataset; its columns are "
                                                + names()));
    }

    /** Every column except the label: what a model reads. */
    public List<ColumnSpec> features() {
        return columns.stream()
                .filter(c -> label.map(l -> !l.equals(c.name())).orElse(true))
                .toList();
    }
}
