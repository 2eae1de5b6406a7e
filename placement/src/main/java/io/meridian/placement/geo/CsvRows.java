package io.meridian.placement.geo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The data rows of a small hand-written CSV file (region lists, place tables, groups), each with its line number,
 * so every parser reports a bad value as {@code source:LINE: what is wrong}.
 *
 * <p>Lines are stripped; blank lines and lines starting with {@code #} are skipped, as is a byte-order mark on the
 * first line and a header: the first remaining line, when it starts (ignoring case) with the given prefix. Fields
 * are split on every comma (no quoting: none of these files needs it) and stripped.
 */
public final class CsvRows {

    private CsvRows() {
    }

    /**
     * One data line.
     *
     * @param source     how errors name the input (usually the file path)
     * @param lineNumber the 1-based line number in the source
     * @param line       the stripped line
     * @param fields     its comma-separated fields, each stripped (empty ones kept)
     */
    public record Row(String source, int lineNumber, String line, List<String> fields) {

        /** Keeps an immutable copy of the fields. */
        public Row {
            fields = List.copyOf(fields);
        }

        /** @return the number of fields */
        public int size() {
            return fields.size();
        }

        /**
         * @param index a field index below {@link #size()}
         * @return that field, stripped
         */
        public String field(int index) {
            return fields.get(index);
        }

        /**
         * @param index a field index below {@link #size()}
         * @param name  the field's name in the error
         * @return the field as a finite decimal number
         * @throws IllegalArgumentException {@code source:LINE: name is not a number: 'text'} otherwise
         */
        public double number(int index, String name) {
            String t = field(index);
            try {
                double v = Double.parseDouble(t);
                // parseDouble accepts "NaN", "Infinity" and a trailing 'd'/'f'; a CSV number is none of those
                if (!Double.isFinite(v) || t.matches(".*[A-Za-z].*")) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw error(name + " is not a number: '" + t + "'");
            }
        }

        /** @return {@code source:LINE}, how this line is named in errors and default labels */
        public String location() {
            return source + ":" + lineNumber;
        }

        /**
         * @param message what is wrong with this line
         * @return an exception to throw, its message {@code source:LINE: message}
         */
        public IllegalArgumentException error(String message) {
            return new IllegalArgumentException(location() + ": " + message);
        }

        /**
         * @param message what is wrong with this line
         * @param cause   the underlying failure
         * @return an exception to throw, its message {@code source:LINE: message}
         */
        public IllegalArgumentException error(String message, Throwable cause) {
            return new IllegalArgumentException(location() + ": " + message, cause);
        }
    }

    /**
     * Reads every data row.
     *
     * @param reader       the CSV text; not closed by this method
     * @param source       how errors name the input
     * @param headerPrefix how a header line starts (case-insensitive), or null when the format has none
     * @return the data rows, in file order
     * @throws UncheckedIOException when the reader fails
     */
    public static List<Row> read(Reader reader, String source, String headerPrefix) {
        BufferedReader in = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        String header = headerPrefix == null ? null : headerPrefix.toLowerCase(Locale.ROOT);
        List<Row> rows = new ArrayList<>();
        boolean first = true;
        int lineNo = 0;
        try {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String trimmed = line.strip();
                if (lineNo == 1 && trimmed.startsWith("\uFEFF")) {
                    trimmed = trimmed.substring(1).strip();
                }
                if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                    continue;
                }
                boolean isHeader = first && header != null && trimmed.toLowerCase(Locale.ROOT).startsWith(header);
                first = false;
                if (!isHeader) {
                    List<String> fields = Arrays.stream(trimmed.split(",", -1)).map(String::strip).toList();
                    rows.add(new Row(source, lineNo, trimmed, fields));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return rows;
    }
}
