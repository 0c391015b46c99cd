package dev.ferry.ml.ingest;

import dev.ferry.ml.data.CategoryColumn;
import dev.ferry.ml.data.Column;
import dev.ferry.ml.data.DataException;
import dev.ferry.ml.data.NumberColumn;
import dev.ferry.ml.data.StringColumn;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides a type for each text column: a number if every present cell parses as one, else a
 * category if it has at most {@code maxCategories} distinct values (or is named in {@code
 * categorical}), else free text. Categories are sorted so the same values give the same schema.
 *
 * @param missingTokens cell texts that mean "missing" (compared after trimming)
 * @param categorical columns to treat as categories even when they look numeric
 * @param maxCategories the most distinct values an inferred category column may have
 */
record ColumnTyping(Set<String> missingTokens, Set<String> categorical, int maxCategories) {
    static final Set<String> DEFAULT_MISSING = Set.of("", "NA");
    static final int DEFAULT_MAX_CATEGORIES = 50;

    Column column(TextTable table, int index) {
        String name = table.header().get(index);
        int rows = table.rows().size();
        String[] cells = new String[rows];
        for (int r = 0; r < rows; r++) {
            String cell = table.rows().get(r)[index].trim();
            cells[r] = missingTokens.contains(cell) ? null : cell;
        }
        if (!categorical.contains(name) && allNumbers(cells)) {
            double[] values = new double[rows];
            BitSet missing = new BitSet();
            for (int r = 0; r < rows; r++) {
                if (cells[r] == null) {
                    missing.set(r);
                } else {
                    values[r] = parseNumber(cells[r]);
                }
            }
            return new NumberColumn(name, values, missing);
        }
        TreeSet<String> distinct = new TreeSet<>();
        for (String cell : cells) {
            if (cell != null) {
                distinct.add(cell);
            }
        }
        if (categorical.contains(name) || distinct.size() <= maxCategories) {
            return category(name, List.copyOf(distinct), cells);
        }
        return new StringColumn(name, cells);
    }

    static CategoryColumn category(String name, List<String> categories, String[] cells) {
        int[] codes = new int[cells.length];
        for (int r = 0; r < cells.length; r++) {
            codes[r] = cells[r] == null ? CategoryColumn.MISSING : categories.indexOf(cells[r]);
        }
        return new CategoryColumn(name, categories, codes);
    }

    private static boolean allNumbers(String[] cells) {
        boolean any = false;
        for (String cell : cells) {
            if (cell != null) {
                if (!isNumber(cell)) {
                    return false;
                }
                any = true;
            }
        }
        return any;
    }

    static boolean isNumber(String cell) {
        try {
            parseNumber(cell);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /**
     * Decimal numbers plus NaN and (+/-)Inf(inity), case-insensitive; not Java's hex or 'd' suffix.
     */
    static double parseNumber(String cell) {
        String lower = cell.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan":
                return Double.NaN;
            case "inf", "+inf", "infinity", "+infinity":
                return Double.POSITIVE_INFINITY;
            case "-inf", "-infinity":
                return Double.NEGATIVE_INFINITY;
            default:
                break;
        }
        if (!lower.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
            throw new NumberFormatException(cell);
        }
        return Double.parseDouble(lower);
    }

    static void requireColumns(TextTable table, Set<String> names, String what) {
        for (String name : names) {
            if (!table.header().contains(name)) {
                throw new DataException(
                        table.source()
                                + ": "
                                + what
                                + " names column '"
                                + name
                                + "', but the columns are "
                                + table.header());
            }
        }
    }
}
