package dev.ferry.ml.data;

import java.util.List;
import java.util.Optional;

/**
 * A table of columns held in memory, with its schema. Read and written as an Arrow IPC file by
 * {@link DatasetReader} and {@link DatasetWriter}.
 *
 * @param schema column specs (their order is the columns' order) and the label
 * @param columns the data, one per spec
 */
public record Dataset(DatasetSchema schema, List<Column> columns) {
    public Dataset {
        columns = List.copyOf(columns);
        if (columns.size() != schema.columns().size()) {
            throw new DataException(
                    "schema lists "
                            + schema.columns().size()
                            + " columns, data has "
                            + columns.size());
        }
        int rows = columns.isEmpty() ? 0 : columns.getFirst().rows();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (!column.spec().equals(schema.columns().get(i))) {
                throw new DataException(
                        "column "
                                + i
                                + " is "
                                + column.spec().name()
                                + ": "
                                + column.spec().describeType()
                                + " but the schema says "
                                + schema.columns().get(i).name()
                                + ": "
                                + schema.columns().get(i).describeType());
            }
            if (column.rows() != rows) {
                throw new DataException(
                        "column '"
                                + column.name()
                                + "' has "
                                + column.rows()
                                + " rows, '"
                                + columns.getFirst().name()
                                + "' has "
                                + rows);
            }
        }
    }

    /** A dataset whose schema is taken from its columns. */
    public static Dataset of(List<Column> columns, Optional<String> label) {
        return new Dataset(
                new DatasetSchema(columns.stream().map(Column::spec).toList(), label), columns);
    }

    public int rows() {
        return columns.isEmpty() ? 0 : columns.getFirst().rows();
    }

    public Optional<Column> column(String name) {
        return columns.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** The named column, or an error listing the columns that exist. */
    public Column require(String name) {
        return column(name)
                .orElseThrow(
                        () ->
                                new DataException(
                                        "no column '"
                                                + name
                                                + "' in this dataset; its columns are "
                                                + schema.names()));
    }

    /** The label column, or an error saying none is declared. */
    public Column label() {
        return require(
                schema.label()
                        .orElseThrow(
                                () ->
                                        new DataException(
                                                "this dataset declares no label column; its columns"
                                                        + " are "
                                                        + schema.names())));
    }

    /** The named column as numbers, or an error naming its actual type. */
    public NumberColumn numbers(String name) {
        return as(name, NumberColumn.class);
    }

    public CategoryColumn categories(String name) {
        return as(name, CategoryColumn.class);
    }

    public TensorColumn tensor(String name) {
        return as(name, TensorColumn.class);
    }

    public StringColumn strings(String name) {
        return as(name, StringColumn.class);
    }

    /** A new dataset with the given rows in the given order (rows may repeat). */
    public Dataset select(int[] rows) {
        return new Dataset(schema, columns.stream().map(c -> c.select(rows)).toList());
    }

    private <C extends Column> C as(String name, Class<C> type) {
        Column column = require(name);
        if (!type.isInstance(column)) {
            throw new DataException(
                    "column '"
                            + name
                            + "' is "
                            + column.spec().describeType()
                            + ", not "
                            + type.getSimpleName()
                                    .replace("Column", "")
                                    .toLowerCase(java.util.Locale.ROOT));
        }
        return type.cast(column);
    }
}
