package dev.ferry.ml.data;

import java.util.BitSet;

/**
 * A column of real numbers.
 *
 * @param name column name
 * @param values one value per row (0 where missing)
 * @param missing the rows whose value is missing
 */
public record NumberColumn(String name, double[] values, BitSet missing) implements Column {
    public NumberColumn(String name, double[] values) {
        this(name, values, new BitSet());
    }

    @Override
    public ColumnSpec spec() {
        return ColumnSpec.number(name);
    }

    @Override
    public int rows() {
        return values.length;
    }

    @Override
    public boolean isMissing(int row) {
        return missing.get(row);
    }

    public double get(int row) {
        return values[row];
    }

    @Override
    public NumberColumn select(int[] rows) {
        double[] picked = new double[rows.length];
        BitSet pickedMissing = new BitSet();
        for (int i = 0; i < rows.length; i++) {
            picked[i] = values[rows[i]];
            if (missing.get(rows[i])) {
                pickedMissing.set(i);
            }
        }
        return new NumberColumn(name, picked, pickedMissing);
    }
}
