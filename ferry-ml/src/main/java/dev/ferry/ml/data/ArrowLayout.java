package dev.ferry.ml.data;

import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** How a {@link DatasetSchema} maps onto an Arrow schema. */
final class ArrowLayout {
    static final String MEDIA_TYPE = "application/vnd.apache.arrow.file";
    static final String CATEGORIES_KEY = "ferry.categories";

    private ArrowLayout() {}

    static Schema toArrow(DatasetSchema schema, SchemaJson json) {
        List<Field> fields = schema.columns().stream().map(ArrowLayout::field).toList();
        return new Schema(fields, Map.of(SchemaJson.METADATA_KEY, json.toJson(schema)));
    }

    private static Field field(ColumnSpec spec) {
        return switch (spec.type()) {
            case NUMBER ->
                    new Field(
                            spec.name(),
                            FieldType.nullable(
                                    new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                            null);
            case STRING ->
                    new Field(spec.name(), FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
            case CATEGORY ->
                    new Field(
                            spec.name(),
                            new FieldType(
                                    true,
                                    ArrowType.Utf8.INSTANCE,
                                    null,
                                    Map.of(CATEGORIES_KEY, String.join("\n", spec.categories()))),
                            null);
            case TENSOR ->
                    new Field(
                            spec.name(),
                            FieldType.nullable(new ArrowType.FixedSizeList(spec.width())),
                            List.of(
                                    new Field(
                                            "item",
                                            FieldType.notNullable(
                                                    new ArrowType.FloatingPoint(
                                                            FloatingPointPrecision.SINGLE)),
                                            null)));
        };
    }

    /** The schema of an Arrow file written by another tool, from its types alone. */
    static DatasetSchema infer(Schema arrow, String source) {
        return new DatasetSchema(arrow.getFields().stream().map(f -> infer(f, source)).toList());
    }

    private static ColumnSpec infer(Field field, String source) {
        ArrowType type = field.getType();
        if (type instanceof ArrowType.FloatingPoint || type instanceof ArrowType.Int) {
            return ColumnSpec.number(field.getName());
        }
        if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
            return ColumnSpec.string(field.getName());
        }
        if (type instanceof ArrowType.FixedSizeList list
                && field.getChildren().size() == 1
                && field.getChildren().getFirst().getType() instanceof ArrowType.FloatingPoint) {
            return ColumnSpec.tensor(field.getName(), list.getListSize());
        }
        throw new DataException(
                source
                        + ": column '"
                        + field.getName()
                        + "' has Arrow type "
                        + type
                        + "; Ferry datasets hold float/int numbers, utf8 strings and"
                        + " fixed_size_list<float> tensors");
    }
}
