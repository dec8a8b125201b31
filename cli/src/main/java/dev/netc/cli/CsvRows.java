package dev.netc.cli;

import dev.netc.dsl.diag.Excerpt;
import dev.netc.runtime.Precision;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Rows of numbers as text, one sample per line: values separated by commas, or by spaces and tabs
 * when a line has no comma (as {@code np.savetxt} writes by default). Text after {@code #} is a
 * comment, as {@code np.loadtxt} reads it; blank lines are skipped, and so is a first line without
 * a single number (a header). {@code nan}, {@code inf} and
 * {@code -inf} are read as NumPy writes them.
 */
final class CsvRows {
    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    private CsvRows() {}

    /**
     * Reads every row of {@code in}.
     *
     * @param source names the input in messages ({@code samples.csv:3: ...})
     * @param width values each row must have
     * @param network names the network in messages about the width
     */
    static Batch read(BufferedReader in, String source, Precision precision, int width, String network)
            throws IOException {
        return readRows(in, source, precision, width, network + " takes " + width + " input" + (width == 1 ? "" : "s"));
    }

    /**
     * Reads every row of {@code in}, each of {@code width} values.
     *
     * @param needs says why a row must have {@code width} values, after "a row of 3 values but "
     */
    static Batch readRows(BufferedReader in, String source, Precision precision, int width, String needs)
            throws IOException {
        List<float[]> floats = new ArrayList<>();
        List<double[]> doubles = new ArrayList<>();
        String line;
        int number = 0;
        boolean first = true;
        String header = null;
        while ((line = in.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            int comment = line.indexOf('#');
            if (comment >= 0) {
                // As np.loadtxt reads them: '#' starts a comment (np.savetxt writes headers and footers so).
                line = line.substring(0, comment);
            }
            if (line.isBlank()) {
                continue;
            }
            String[] cells = split(line);
            if (first) {
                first = false;
                if (isHeader(cells)) {
                    header = line.strip();
                    continue;
                }
            }
            String where = source + ":" + number + ": ";
            if (cells.length != width) {
                boolean trailing = cells.length == width + 1 && cells[width].isEmpty();
                throw Problem.input(where + "a row of " + cells.length + " value" + (cells.length == 1 ? "" : "s")
                        + (trailing ? " (the last one empty: a comma at the end of the line?)" : "")
                        + " but " + needs);
            }
            if (precision == Precision.FLOAT) {
                float[] row = new float[width];
                for (int i = 0; i < width; i++) {
                    row[i] = (float) parse(cells[i], where, i, precision);
                }
                floats.add(row);
            } else {
                double[] row = new double[width];
                for (int i = 0; i < width; i++) {
                    row[i] = parse(cells[i], where, i, precision);
                }
                doubles.add(row);
            }
        }
        if (floats.isEmpty() && doubles.isEmpty()) {
            throw Problem.input(source + ": no rows of numbers" + (header == null ? ""
                    : " (the first line, '" + Excerpt.shorten(header) + "', holds no number and was taken as a header;"
                            + " separate values with commas or spaces)"));
        }
        return precision == Precision.FLOAT ? Batch.of(floats.toArray(float[][]::new))
                : Batch.of(doubles.toArray(double[][]::new));
    }

    /** Each row on one line, values separated by commas. */
    static String text(Batch batch) {
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < batch.rows(); r++) {
            for (int c = 0; c < batch.columns(); c++) {
                if (c > 0) {
                    text.append(',');
                }
                text.append(batch.format(r, c));
            }
            text.append(System.lineSeparator());
        }
        return text.toString();
    }

    private static String[] split(String line) {
        String trimmed = line.strip();
        String[] cells = trimmed.contains(",") ? trimmed.split(",", -1) : trimmed.split("[ \\t]+");
        for (int i = 0; i < cells.length; i++) {
            cells[i] = cells[i].strip();
        }
        return cells;
    }

    private static boolean isHeader(String[] cells) {
        for (String cell : cells) {
            if (isNumber(cell)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isNumber(String cell) {
        return NUMBER.matcher(cell).matches() || special(cell) != null;
    }

    /**
     * The value of {@code cell}; parsed in the network's precision so a float network gets exactly
     * the float the text names (not a double rounded twice). A number beyond the precision's range
     * is refused: it would be infinity, and every output it reaches NaN or infinite.
     *
     * @param column the cell's index in its row, from 0
     */
    private static double parse(String cell, String where, int column, Precision precision) {
        Double special = special(cell);
        if (special != null) {
            return special;
        }
        if (!NUMBER.matcher(cell).matches()) {
            throw Problem.input(where + (cell.isEmpty() ? "an empty value" : "'" + Excerpt.shorten(cell) + "' is not a number"));
        }
        double value = precision == Precision.FLOAT ? Float.parseFloat(cell) : Double.parseDouble(cell);
        if (Double.isInfinite(value)) {
            throw Problem.input(where + "column " + (column + 1) + ": " + tooLarge("'" + Excerpt.shorten(cell) + "'",
                    precision));
        }
        return value;
    }

    /** {@code VALUE is too large for float (...)}: what a value beyond the network's precision is told. */
    static String tooLarge(String value, Precision precision) {
        boolean single = precision == Precision.FLOAT;
        return value + " is too large for a " + precision.keyword() + " network (it holds at most ±"
                + (single ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE)) + ")" + (single
                        ? "; scale the inputs, or use 'precision double;'" : "; scale the inputs");
    }

    private static Double special(String cell) {
        return switch (cell.toLowerCase(Locale.ROOT)) {
            case "nan", "+nan", "-nan" -> Double.NaN;
            case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
            case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
            default -> null;
        };
    }
}
