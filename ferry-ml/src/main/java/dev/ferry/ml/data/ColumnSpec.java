package dev.ferry.ml.data;

import java.util.List;

/**
 * One column of a dataset schema.
 *
 * @param name column name, unique in its dataset
 * @param type logical type
 * @param categories the allowed values of a {@link ColumnType#CATEGORY} column, in code order;
 *     empty for other types
 * @param width number of float32 values per row of a {@link ColumnType#TENSOR} column; 1 for other
 *     types
 */
public record ColumnSpec(String name, ColumnType type, List<String> categories, int width) {
    public ColumnSpec {
        if (name == null || name.isBlank()) {
            throw new DataException("a column needs a non-blank name");
        }
        categories = List.copyOf(categories);
        if (type != ColumnType.CATEGORY && !categories.isEmpty()) {
            throw new DataException(
                    "column '"
                            + name
                            + "' is "
                            + type.jsonName()
                            + ", not a category, but lists categories");
        }
        if (type == ColumnType.TENSOR ? width < 1 : width != 1) {
            throw new DataException(
                    "column '"
                            + name
                            + "' has width "
                            + width
                            + " (tensors need >= 1, other types 1)");
        }
    }

    public static ColumnSpec number(String name) {
        return new ColumnSpec(name, ColumnType.NUMBER, List.of(), 1);
    }

    public static ColumnSpec category(String name, List<String> categories) {
        return new ColumnSpec(name, ColumnType.CATEGORY, categories, 1);
    }

    public static ColumnSpec string(String name) {
        return new ColumnSpec(name, ColumnType.STRING, List.of(), 1);
    }

    public static ColumnSpec tensor(String name, int width) {
        return new ColumnSpec(name, ColumnType.TENSOR, List.of(), width);
    }

    /** How a person reads the type, e.g. {@code tensor[784]} or {@code category{a,b}}. */
    public String describeType() {
        return switch (type) {
            case TENSOR -> "tensor[" + width + "]";
            case CATEGORY -> "category" + categories;
            default -> type.jsonName();
        };
    }
}
