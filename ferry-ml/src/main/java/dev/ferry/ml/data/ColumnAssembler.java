package dev.ferry.ml.data;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.util.Text;

/** Copies Arrow record batches into heap columns, batch after batch. */
final class ColumnAssembler {
    private final DatasetSchema schema;
    private final String source;
    private final List<BitSet> missing = new ArrayList<>();
    private final List<List<Object>> chunks = new ArrayList<>();
    private final List<Map<String, Integer>> codes = new ArrayList<>();
    private int rows;

    ColumnAssembler(DatasetSchema schema, String source) {
        this.schema = schema;
        this.source = source;
        for (ColumnSpec spec : schema.columns()) {
            chunks.add(new ArrayList<>());
            missing.add(new BitSet());
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < spec.categories().size(); i++) {
                index.put(spec.categories().get(i), i);
            }
            codes.add(index);
        }
    }

    void append(VectorSchemaRoot root) {
        int count = root.getRowCount();
        for (int c = 0; c < schema.columns().size(); c++) {
            ColumnSpec spec = schema.columns().get(c);
            FieldVector vector = root.getVector(c);
            BitSet nulls = missing.get(c);
            for (int i = 0; i < count; i++) {
                if (vector.isNull(i)) {
                    nulls.set(rows + i);
                }
            }
            chunks.get(c)
                    .add(
                            switch (spec.type()) {
                                case NUMBER -> numbers(vector, count, spec);
                                case CATEGORY -> categoryCodes(vector, count, spec, c);
                                case STRING -> strings(vector, count, spec);
                                case TENSOR -> tensor(vector, count, spec);
                            });
        }
        rows += count;
    }

    Dataset build() {
        List<Column> columns = new ArrayList<>();
        for (int c = 0; c < schema.columns().size(); c++) {
            ColumnSpec spec = schema.columns().get(c);
            List<Object> parts = chunks.get(c);
            columns.add(
                    switch (spec.type()) {
                        case NUMBER ->
                                new NumberColumn(spec.name(), concatDoubles(parts), missing.get(c));
                        case CATEGORY ->
                                new CategoryColumn(
                                        spec.name(), spec.categories(), concatInts(parts));
                        case STRING -> new StringColumn(spec.name(), concatStrings(parts));
                        case TENSOR ->
                                new TensorColumn(
                                        spec.name(),
                                        spec.width(),
                                        concatFloats(parts),
                                        missing.get(c));
                    });
        }
        return new Dataset(schema, columns);
    }

    private double[] numbers(ValueVector vector, int count, ColumnSpec spec) {
        double[] values = new double[count];
        if (vector instanceof FloatingPointVector floats) {
            for (int i = 0; i < count; i++) {
                values[i] = floats.isNull(i) ? 0 : floats.getValueAsDouble(i);
            }
        } else if (vector instanceof BaseIntVector ints) {
            for (int i = 0; i < count; i++) {
                values[i] = vector.isNull(i) ? 0 : ints.getValueAsLong(i);
            }
        } else {
            throw mismatch(spec, vector);
        }
        return values;
    }

    private int[] categoryCodes(ValueVector vector, int count, ColumnSpec spec, int c) {
        String[] text = strings(vector, count, spec);
        int[] result = new int[count];
        for (int i = 0; i < count; i++) {
            if (text[i] == null) {
                result[i] = CategoryColumn.MISSING;
                continue;
            }
            Integer code = codes.get(c).get(text[i]);
            if (code == null) {
                throw new DataException(
                        source
                                + ": column '"
                                + spec.name()
                                + "' row "
                                + (rows + i)
                                + ": '"
                                + text[i]
                                + "' is not one of its categories "
                                + spec.categories());
            }
            result[i] = code;
        }
        return result;
    }

    private String[] strings(ValueVector vector, int count, ColumnSpec spec) {
        String[] values = new String[count];
        for (int i = 0; i < count; i++) {
            if (vector.isNull(i)) {
                continue;
            }
            Object value = vector.getObject(i);
            if (!(value instanceof Text text)) {
                throw mismatch(spec, vector);
            }
            values[i] = new String(text.copyBytes(), StandardCharsets.UTF_8);
        }
        return values;
    }

    private float[] tensor(ValueVector vector, int count, ColumnSpec spec) {
        if (!(vector instanceof FixedSizeListVector list)
                || list.getListSize() != spec.width()
                || !(list.getDataVector() instanceof FloatingPointVector items)) {
            throw mismatch(spec, vector);
        }
        float[] values = new float[count * spec.width()];
        if (items instanceof Float4Vector floats
                && floats.getNullCount() == 0
                && values.length > 0) {
            floats.getDataBuffer()
                    .nioBuffer(0, values.length * Float.BYTES)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(values);
            return values;
        }
        for (int i = 0; i < values.length; i++) {
            values[i] = items.isNull(i) ? 0f : (float) items.getValueAsDouble(i);
        }
        return values;
    }

    private DataException mismatch(ColumnSpec spec, ValueVector vector) {
        return new DataException(
                source
                        + ": column '"
                        + spec.name()
                        + "' is declared "
                        + spec.describeType()
                        + " but holds Arrow "
                        + vector.getField().getType());
    }

    private static double[] concatDoubles(List<Object> parts) {
        int total = parts.stream().mapToInt(p -> ((double[]) p).length).sum();
        double[] all = new double[total];
        int at = 0;
        for (Object part : parts) {
            double[] chunk = (double[]) part;
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private static float[] concatFloats(List<Object> parts) {
        int total = parts.stream().mapToInt(p -> ((float[]) p).length).sum();
        float[] all = new float[total];
        int at = 0;
        for (Object part : parts) {
            float[] chunk = (float[]) part;
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private static int[] concatInts(List<Object> parts) {
        int total = parts.stream().mapToInt(p -> ((int[]) p).length).sum();
        int[] all = new int[total];
        int at = 0;
        for (Object part : parts) {
            int[] chunk = (int[]) part;
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }

    private static String[] concatStrings(List<Object> parts) {
        int total = parts.stream().mapToInt(p -> ((String[]) p).length).sum();
        String[] all = new String[total];
        int at = 0;
        for (Object part : parts) {
            String[] chunk = (String[]) part;
            System.arraycopy(chunk, 0, all, at, chunk.length);
            at += chunk.length;
        }
        return all;
    }
}
