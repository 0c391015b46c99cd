package dev.ferry.ml.ingest;

/**
 * The content of one IDX file: its dimensions and its values as floats, row-major.
 *
 * @param dims the dimensions from the header; {@code dims[0]} is the item count
 * @param values all values, {@code product(dims)} of them
 */
public record IdxArray(int[] dims, float[] values) {
    public int count() {
        return dims[0];
    }

    /** Values per item: the product of every dimension after the first. */
    public int itemWidth() {
        int width = 1;
        for (int i = 1; i < dims.length; i++) {
            width *= dims[i];
        }
        return width;
    }
}
