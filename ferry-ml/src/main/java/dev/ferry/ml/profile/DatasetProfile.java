package dev.ferry.ml.profile;

import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.DatasetSchema;
import java.util.List;
import java.util.Optional;

/**
 * The profile of a dataset: its schema, its row count and one {@link ColumnProfile} per column.
 * Written as {@code profile.json} by {@code ferry/profile}; kept with a registered model as the
 * reference for drift monitoring.
 */
public final class DatasetProfile {
    private final DatasetSchema schema;
    private final List<ColumnProfile> columns;
    private long rows;

    DatasetProfile(DatasetSchema schema, List<ColumnProfile> columns, long rows) {
        this.schema = schema;
        this.columns = List.copyOf(columns);
        this.rows = rows;
    }

    /** An empty profile for datasets of this schema. */
    public static DatasetProfile empty(DatasetSchema schema) {
        return new DatasetProfile(
                schema, schema.columns().stream().map(ColumnProfile::empty).toList(), 0);
    }

    public DatasetSchema schema() {
        return schema;
    }

    public long rows() {
        return rows;
    }

    void addRows(long more) {
        rows += more;
    }

    public List<ColumnProfile> columns() {
        return columns;
    }

    public Optional<ColumnProfile> column(String name) {
        return columns.stream().filter(c -> c.spec().name().equals(name)).findFirst();
    }

    /** Adds {@code other}'s data to this profile; both must describe the same schema. */
    public void merge(DatasetProfile other) {
        if (!other.schema.columns().equals(schema.columns())) {
            throw new DataException(
                    "cannot merge profiles of different schemas: "
                            + describe(schema)
                            + " and "
                            + describe(other.schema));
        }
        for (int i = 0; i < columns.size(); i++) {
            columns.get(i).merge(other.columns.get(i));
        }
        rows += other.rows;
    }

    private static String describe(DatasetSchema schema) {
        return schema.columns().stream()
                .map(c -> c.name() + " " + c.describeType())
                .toList()
                .toString();
    }
}
