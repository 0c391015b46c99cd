package dev.ferry.ml.data;

import java.util.Arrays;
import java.util.BitSet;

/**
 * A column holding a fixed-width float32 vector per row, stored row-major in one array: row {@code
 * r} is {@code values[r * width .. (r + 1) * width)}.
 *
 * @param name column name
 * @param width values per row
 * @param values {@code rows * width} values
 * @param missing the rows whose vector is missing (their values are 0)
 */
public record TensorColumn(String name, int width, float[] values, BitSet missing)
        implements Column {
    public TensorColumn {
        if (width < 1 || values.length % width != 0) {
            throw new DataException(
                    "tensor column '"
                            + name
                            + "': "
                            + values.length
                            + " values do not split into rows of "
                            + width);
        }
    }

    public TensorColumn(String name, int width, float[] values) {
        this(name, width, values, new BitSet());
    }

    @Override
    public ColumnSpec spec() {
        return ColumnSpec.tensor(name, width);
    }

    @Override
    public int rows() {
        return values.length / width;
    }

    @Override
    public boolean isMissing(int row) {
        return missing.get(row);
    }

    /** A copy of one row's vector. */
    public float[] row(int row) {
        return Arrays.copyOfRange(values, row * width, (row + 1) * width);
    }

    @Override
    public TensorColumn select(int[] rows) {
        float[] picked = new float[rows.length * width];
        BitSet pickedMissing = new BitSet();
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(values, rows[i] * width, picked, i * width, width);
            if (missing.get(rows[i])) {
                pickedMissing.set(i);
            }
        }
        return new TensorColumn(name, width, picked, pickedMissing);
    }
}
