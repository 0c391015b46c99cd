package dev.ferry.ml.ingest;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.ColumnSpec;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.StringColumn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a dense ARFF file: numeric ({@code numeric}, {@code real}, {@code integer}), nominal
 * ({@code {a, b}}), {@code string} and {@code date} attributes (dates are kept as text); {@code ?}
 * marks a missing value.
 */
final class ArffReader {
    /** The attributes (as column specs) and the column values. */
    record Table(String relation, List<ColumnSpec> attributes, List<Column> columns) {}

    Table read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DataException("ARFF file " + file + ": cannot read it: " + e.getMessage(), e);
        }
        String source = "ARFF file " + file;
        String relation = "";
        List<ColumnSpec> attributes = new ArrayList<>();
        int at = 0;
        boolean data = false;
        for (; at < lines.size() && !data; at++) {
            String line = lines.get(at).strip();
            String where = source + " line " + (at + 1);
            if (line.isEmpty() || line.startsWith("%")) {
                continue;
            }
            String lower = line.toLowerCase(Locale.ROOT);
            if (lower.startsWith("@relation")) {
                relation = ArffTokens.nameAndRest(line.substring(9), where)[0];
            } else if (lower.startsWith("@attribute")) {
                attributes.add(attribute(line.substring(10), where, attributes));
            } else if (lower.startsWith("@data")) {
                data = true;
            } else {
                throw new ArffSyntaxException(
                        where
                                + ": expected @relation, @attribute or @data, found '"
                                + abbreviate(line)
                                + "'");
            }
        }
        if (attributes.isEmpty()) {
            throw new ArffSyntaxException(
                    source
                            + (lines.stream().allMatch(String::isBlank)
                                    ? " is empty"
                                    : " declares no @attribute")
                            + ": expected a header of @attribute lines, then @data");
        }
        if (!data) {
            throw new ArffSyntaxException(
                    source + ": no @data line after the " + attributes.size() + " attributes");
        }
        ColumnsBuilder builder = new ColumnsBuilder(attributes);
        for (; at < lines.size(); at++) {
            String line = lines.get(at).strip();
            if (line.isEmpty() || line.startsWith("%")) {
                continue;
            }
            String where = source + " line " + (at + 1);
            if (line.startsWith("{")) {
                throw new ArffSyntaxException(
                        where
                                + ": sparse ARFF rows ({index value, ...}) are not supported; write"
                                + " the file densely");
            }
            builder.add(ArffTokens.split(line, where), where);
        }
        if (builder.rows == 0) {
            throw new ArffSyntaxException(source + ": no rows after @data");
        }
        return new Table(relation, attributes, builder.build());
    }

    private static ColumnSpec attribute(String text, String where, List<ColumnSpec> existing) {
        String[] nameAndType = ArffTokens.nameAndRest(text, where);
        String name = nameAndType[0];
        String type = nameAndType[1];
        if (existing.stream().anyMatch(a -> a.name().equals(name))) {
            throw new ArffSyntaxException(where + ": attribute '" + name + "' is declared twice");
        }
        if (type.startsWith("{")) {
            if (!type.endsWith("}")) {
                throw new ArffSyntaxException(
                        where
                                + ": the values of nominal attribute '"
                                + name
                                + "' must end with '}'");
            }
            List<String> values =
                    ArffTokens.split(type.substring(1, type.length() - 1), where).stream()
                            .map(ArffTokens.Token::text)
                            .toList();
            if (values.isEmpty() || new HashSet<>(values).size() != values.size()) {
                throw new ArffSyntaxException(
                        where
                                + ": nominal attribute '"
                                + name
                                + "' needs distinct values, got "
                                + values);
            }
            return ColumnSpec.category(name, values);
        }
        String keyword = type.split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
        return switch (keyword) {
            case "numeric", "real", "integer" -> ColumnSpec.number(name);
            case "string", "date" -> ColumnSpec.string(name);
            default ->
                    throw new ArffSyntaxException(
                            where
                                    + ": attribute '"
                                    + name
                                    + "' has type '"
                                    + type
                                    + "'; expected numeric, real, integer, string, date or"
                                    + " {values}");
        };
    }

    private static String abbreviate(String line) {
        return line.length() > 40 ? line.substring(0, 40) + "..." : line;
    }

    /** Collects cell values per attribute, checking each against its declaration. */
    private static final class ColumnsBuilder {
        private final List<ColumnSpec> attributes;
        private final List<Map<String, Integer>> codes = new ArrayList<>();
        private final List<List<Object>> values = new ArrayList<>();
        private int rows;

        ColumnsBuilder(List<ColumnSpec> attributes) {
            this.attributes = attributes;
            for (ColumnSpec attribute : attributes) {
                Map<String, Integer> index = new HashMap<>();
                for (int i = 0; i < attribute.categories().size(); i++) {
                    index.put(attribute.categories().get(i), i);
                }
                codes.add(index);
                values.add(new ArrayList<>());
            }
        }

        void add(List<ArffTokens.Token> tokens, String where) {
            if (tokens.size() != attributes.size()) {
                throw new ArffSyntaxException(
                        where
                                + ": "
                                + tokens.size()
                                + " values, but "
                                + attributes.size()
                                + " attributes are declared");
            }
            for (int a = 0; a < attributes.size(); a++) {
                ColumnSpec attribute = attributes.get(a);
                ArffTokens.Token token = tokens.get(a);
                boolean missing = !token.quoted() && token.text().equals("?");
                values.get(a)
                        .add(
                                missing
                                        ? null
                                        : switch (attribute.type()) {
                                            case NUMBER -> number(token.text(), attribute, where);
                                            case CATEGORY ->
                                                    code(token.text(), attribute, a, where);
                                            default -> token.text();
                                        });
            }
            rows++;
        }

        private static Double number(String text, ColumnSpec attribute, String where) {
            if (!ColumnTyping.isNumber(text)) {
                throw new DataException(
                        where
                                + ": attribute '"
                                + attribute.name()
                                + "' is numeric but the value is '"
                                + text
                                + "'");
            }
            return ColumnTyping.parseNumber(text);
        }

        private Integer code(String text, ColumnSpec attribute, int a, String where) {
            Integer code = codes.get(a).get(text);
            if (code == null) {
                throw new DataException(
                        where
                                + ": attribute '"
                                + attribute.name()
                                + "' has value '"
                                + text
                                + "', which is not one of its declared values "
                                + attribute.categories());
            }
            return code;
        }

        List<Column> build() {
            List<Column> columns = new ArrayList<>();
            for (int a = 0; a < attributes.size(); a++) {
                ColumnSpec attribute = attributes.get(a);
                List<Object> cells = values.get(a);
                columns.add(
                        switch (attribute.type()) {
                            case NUMBER -> {
                                double[] numbers = new double[rows];
                                BitSet missing = new BitSet();
                                for (int r = 0; r < rows; r++) {
                                    if (cells.get(r) == null) {
                                        missing.set(r);
                                    } else {
                                        numbers[r] = (Double) cells.get(r);
                                    }
                                }
                                yield new NumberColumn(attribute.name(), numbers, missing);
                            }
                            case CATEGORY ->
                                    new CategoryColumn(
                                            attribute.name(),
                                            attribute.categories(),
                                            cells.stream()
                                                    .mapToInt(
                                                            c ->
                                                                    c == null
                                                                            ? CategoryColumn.MISSING
                                                                            : (Integer) c)
                                                    .toArray());
                            default ->
                                    new StringColumn(
                                            attribute.name(),
                                            cells.stream()
                                                    .map(c -> (String) c)
                                                    .toArray(String[]::new));
                        });
            }
            return columns;
        }
    }
}
