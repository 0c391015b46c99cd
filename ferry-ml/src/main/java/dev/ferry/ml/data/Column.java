package dev.ferry.ml.data;

/**
 * The values of one dataset column, held on the heap. Rows are numbered from 0; a missing value is
 * distinct from NaN.
 */
public sealed interface Column permits NumberColumn, CategoryColumn, StringColumn, TensorColumn {

    /** The column's spec (name, type, categories, width). */
    ColumnSpec spec();

    default String name() {
        return spec().name();
    }

    int rows();

    boolean isMissing(int row);

    /** A new column holding the given rows, in the given order. */
    Column select(int[] rows);

    default int missingCount() {
        int missing = 0;
        for (int row = 0; row < rows(); row++) {
            if (isMissing(row)) {
                missing++;
            }
        }
        return missing;
    }
}
