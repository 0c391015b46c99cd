package dev.ferry.ml.data;

import java.util.Optional;

/**
 * A column of free text.
 *
 * @param name column name
 * @param values one value per row; {@code null} marks a missing value inside this array only
 */
public record StringColumn(String name, String[] values) implements Column {
    @Override
    public ColumnSpec spec() {
        return ColumnSpec.string(name);
    }

    @Override
    public int rows() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return values[row] == null;
    }

    public Optional<String> get(int row) {
        return Optional.ofNullable(values[row]);
    }

    @Override
    public StringColumn select(int[] rows) {
        String[] picked = new String[rows.length];
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
        }
        return new StringColumn(name, picked);
    }
}
