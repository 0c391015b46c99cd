package dev.ferry.ml.ingest;

import java.util.List;

/**
 * Rows of text cells read from a file, before types are decided.
 *
 * @param source the file, for messages
 * @param header column names
 * @param rows the cells, each row as long as the header
 * @param lines the source line of each row, for messages
 */
record TextTable(String source, List<String> header, List<String[]> rows, int[] lines) {}
