package dev.ferry.ml.ingest;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import dev.ferry.ml.data.DataException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/** Reads a CSV file with a header line into a {@link TextTable}, checking every row's width. */
final class CsvTableReader {
    private final CsvMapper mapper =
            new CsvMapper()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES);

    TextTable read(Path file, char delimiter) {
        String source = "CSV file " + file;
        CsvSchema schema = CsvSchema.emptySchema().withColumnSeparator(delimiter);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                MappingIterator<String[]> rows =
                        mapper.readerFor(String[].class).with(schema).readValues(reader)) {
            if (!rows.hasNextValue()) {
                throw new DataException(
                        source + " is empty: expected a header line naming the columns");
            }
            List<String> header = List.of(trimAll(rows.nextValue()));
            checkHeader(source, header);
            List<String[]> cells = new ArrayList<>();
            List<Integer> lines = new ArrayList<>();
            while (rows.hasNextValue()) {
                // the parser stands at the start of the row it is about to return
                int line = rows.getCurrentLocation().getLineNr();
                String[] row = rows.nextValue();
                if (row.length != header.size()) {
                    throw new DataException(
                            source
                                    + " line "
                                    + line
                                    + ": "
                                    + row.length
                                    + " fields, but the header names "
                                    + header.size()
                                    + " columns "
                                    + header);
                }
                cells.add(row);
                lines.add(line);
            }
            if (cells.isEmpty()) {
                throw new DataException(source + " has a header but no rows");
            }
            return new TextTable(
                    source, header, cells, lines.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException | RuntimeException e) {
            if (e instanceof DataException data) {
                throw data;
            }
            throw new DataException(source + " is not valid CSV: " + e.getMessage(), e);
        }
    }

    private static String[] trimAll(String[] cells) {
        String[] trimmed = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            trimmed[i] = cells[i].strip();
        }
        return trimmed;
    }

    private static void checkHeader(String source, List<String> header) {
        var seen = new HashSet<String>();
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).isEmpty()) {
                throw new DataException(source + " line 1: column " + (i + 1) + " has no name");
            }
            if (!seen.add(header.get(i))) {
                throw new DataException(
                        source + " line 1: column name '" + header.get(i) + "' appears twice");
            }
        }
    }
}
