package dev.ferry.ml.data;

import java.util.List;

/**
 * A column whose values come from a declared list of categories.
 *
 * @param name column name
 * @param categories the categories; a code is an index into this list
 * @param codes one code per row, {@link #MISSING} where the value is missing
 */
public record CategoryColumn(String name, List<String> categories, int[] codes) implements Column {
    /** The code of a missing value. */
    public static final int MISSING = -1;

    public CategoryColumn {
        categories = List.copyOf(categories);
        for (int row = 0; row < codes.length; row++) {
            if (codes[row] < MISSING || codes[row] >= categories.size()) {
                throw new DataException(
                        "column '"
                                + name
                                + "' row "
                                + row
                                + ": code "
                                + codes[row]
                                + " is not one of "
                                + categories.size()
                                + " categories");
            }
        }
    }

    @Override
    public ColumnSpec spec() {
        return ColumnSpec.category(name, categories);
    }

    @Override
    public int rows() {
        return codes.length;
    }

    @Override
    public boolean isMissing(int row) {
        return codes[row] == MISSING;
    }

    public int code(int row) {
        return codes[row];
    }

    /** The category of a row, or the empty string where missing. */
    public String get(int row) {
        return codes[row] == MISSING ? "" : categories.get(codes[row]);
    }

    @Override
    public CategoryColumn select(int[] rows) {
        int[] picked = new int[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = codes[rows[i]];
        }
        return new CategoryColumn(name, categories, picked);
    }
}
