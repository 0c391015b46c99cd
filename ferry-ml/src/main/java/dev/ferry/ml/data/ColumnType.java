package dev.ferry.ml.data;

/** The logical type of a dataset column. */
public enum ColumnType {
    /** A real number (stored as Arrow float64); missing values are nulls, NaN is a value. */
    NUMBER,
    /** One of a declared list of categories (stored as Arrow utf8). */
    CATEGORY,
    /** Free text (stored as Arrow utf8). */
    STRING,
    /** A fixed-width vector of float32 per row, e.g. 784 pixels (Arrow fixed_size_list). */
    TENSOR;

    /** The lower-case name used in JSON and manifests. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Parses {@link #jsonName()}. */
    public static ColumnType fromJson(String name) {
        for (ColumnType type : values()) {
            if (type.jsonName().equals(name)) {
                return type;
            }
        }
        throw new DataException(
                "unknown column type '" + name + "': expected number, category, string or tensor");
    }
}
