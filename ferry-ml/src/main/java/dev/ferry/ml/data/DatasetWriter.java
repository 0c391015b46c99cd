package dev.ferry.ml.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.ipc.ArrowFileWriter;

/**
 * Writes a {@link Dataset} as one Arrow IPC file (record batches of {@value #BATCH_ROWS} rows),
 * atomically. The schema JSON travels in the file's metadata, so the file alone is the artifact.
 */
public final class DatasetWriter {
    /** File extension of dataset artifacts. */
    public static final String EXTENSION = ".arrow";

    /** Media type to declare for dataset artifacts. */
    public static final String MEDIA_TYPE = ArrowLayout.MEDIA_TYPE;

    static final int BATCH_ROWS = 8192;

    private final SchemaJson json = new SchemaJson();

    /** Writes {@code dataset} to {@code target} (conventionally {@code <name>.arrow}). */
    public void write(Dataset dataset, Path target) {
        AtomicFile.write(
                target,
                out -> {
                    try (BufferAllocator allocator = new RootAllocator();
                            VectorSchemaRoot root =
                                    VectorSchemaRoot.create(
                                            ArrowLayout.toArrow(dataset.schema(), json),
                                            allocator);
                            ArrowFileWriter writer =
                                    new ArrowFileWriter(root, null, Channels.newChannel(out))) {
                        writer.start();
                        for (int start = 0;
                                start < dataset.rows() || start == 0;
                                start += BATCH_ROWS) {
                            int count = Math.min(BATCH_ROWS, dataset.rows() - start);
                            root.allocateNew();
                            for (int c = 0; c < dataset.columns().size(); c++) {
                                fill(root.getVector(c), dataset.columns().get(c), start, count);
                            }
                            root.setRowCount(count);
                            writer.writeBatch();
                            if (count == 0) {
                                break;
                            }
                        }
                        writer.end();
                    }
                });
    }

    private static void fill(FieldVector vector, Column column, int start, int count)
            throws IOException {
        switch (column) {
            case NumberColumn numbers -> {
                Float8Vector v = (Float8Vector) vector;
                for (int i = 0; i < count; i++) {
                    if (numbers.isMissing(start + i)) {
                        v.setNull(i);
                    } else {
                        v.setSafe(i, numbers.get(start + i));
                    }
                }
            }
            case CategoryColumn categories ->
                    fillText(
                            vector,
                            count,
                            i ->
                                    categories.isMissing(start + i)
                                            ? null
                                            : categories.get(start + i));
            case StringColumn strings -> fillText(vector, count, i -> strings.values()[start + i]);
            case TensorColumn tensor -> {
                FixedSizeListVector list = (FixedSizeListVector) vector;
                Float4Vector items = (Float4Vector) list.getDataVector();
                int width = tensor.width();
                items.setInitialCapacity(count * width);
                items.allocateNew(Math.max(1, count * width));
                for (int i = 0; i < count; i++) {
                    if (tensor.isMissing(start + i)) {
                        list.setNull(i);
                    } else {
                        list.setNotNull(i);
                    }
                }
                // bulk copy: Arrow stores float32 little-endian, and every element is present
                int n = count * width;
                ByteBuffer bytes =
                        ByteBuffer.allocate(n * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
                bytes.asFloatBuffer().put(tensor.values(), start * width, n);
                items.getDataBuffer().setBytes(0, bytes.array(), 0, bytes.capacity());
                for (int k = 0; k < n; k++) {
                    BitVectorHelper.setBit(items.getValidityBuffer(), k);
                }
                items.setValueCount(count * width);
            }
        }
        vector.setValueCount(count);
    }

    private static void fillText(
            FieldVector vector, int count, java.util.function.IntFunction<String> value) {
        VarCharVector v = (VarCharVector) vector;
        for (int i = 0; i < count; i++) {
            String text = value.apply(i);
            if (text == null) {
                v.setNull(i);
            } else {
                v.setSafe(i, text.getBytes(StandardCharsets.UTF_8));
            }
        }
    }
}
