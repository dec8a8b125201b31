package dev.netc.cli;

import dev.netc.runtime.Architecture;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Suggestions;
import dev.netc.runtime.io.DType;
import dev.netc.runtime.io.IoErrors;
import dev.netc.runtime.io.NpyArray;
import dev.netc.runtime.io.NpzReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Rows to train or validate on, read for {@code netc train}: inputs with a class label each, or with a row of
 * targets each (exactly one of {@code labels} and {@code targets} is non-null). Rows count from 0, as NumPy
 * counts them.
 *
 * <ul>
 *   <li>{@code .npz} ({@code np.savez(path, inputs=X, labels=y)}): the arrays {@code inputs}, shape
 *       {@code (rows, IN)}, and {@code labels}, shape {@code (rows,)} of whole numbers (any integer dtype, or
 *       floats), or {@code targets}, shape {@code (rows, OUT)}; nothing else.
 *   <li>anything else is text as {@code netc run} reads it: per line the inputs, then the label (or, with
 *       {@code --targets K}, the last K values are the targets).
 * </ul>
 */
record TrainingData(String source, double[][] inputs, int[] labels, double[][] targets) {
    private static final List<String> ARRAYS = List.of("inputs", "labels", "targets");

    int rows() {
        return inputs.length;
    }

    /** The labels ({@code int[]}) or the target rows ({@code double[][]}), as the training loop takes them. */
    Object answers() {
        return labels != null ? labels : targets;
    }

    /**
     * Reads {@code file} for {@code architecture}.
     *
     * @param targetColumns for text files: 0 when the last value of a line is its label, else how many values at
     *     the end of a line are its targets
     */
    static TrainingData read(Path file, Architecture architecture, int targetColumns) {
        String source = file.toString();
        TrainingData data;
        try {
            if (file.getFileName() != null && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".npz")) {
                if (targetColumns > 0) {
                    throw Problem.usage("--targets is for text files; " + source + " says by its arrays' names"
                            + " ('labels' or 'targets') which it holds");
                }
                data = npz(file, source, architecture);
            } else {
                data = text(file, source, architecture, targetColumns);
            }
        } catch (NoSuchFileException e) {
            throw Problem.input(source + ": no such file");
        } catch (java.nio.charset.MalformedInputException e) {
            throw Problem.input(source + ": not a text file (not UTF-8); give an .npz file or rows of numbers");
        } catch (IOException e) {
            throw Problem.input(IoErrors.message(file, e));
        }
        data.check(architecture);
        return data;
    }

    private static TrainingData npz(Path file, String source, Architecture architecture) throws IOException {
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        for (NpyArray array : readNpz(file, source)) {
            arrays.put(array.name(), array);
        }
        for (String name : arrays.keySet()) {
            if (!ARRAYS.contains(name)) {
                throw Problem.input(source + ": unexpected array '" + name + "'" + Suggestions.didYouMean(name, ARRAYS)
                        + " (a data file holds 'inputs' and 'labels' or 'targets')");
            }
        }
        NpyArray inputs = arrays.get("inputs");
        if (inputs == null) {
            throw Problem.input(source + ": no array 'inputs' (np.savez(path, inputs=X, labels=y) names the arrays)");
        }
        NpyArray labels = arrays.get("labels");
        NpyArray targets = arrays.get("targets");
        if ((labels == null) == (targets == null)) {
            throw Problem.input(source + ": " + (labels == null ? "neither 'labels' nor 'targets'" : "both 'labels'"
                    + " and 'targets'") + "; a data file holds one of them: labels (one class per row) for"
                    + " categorical_crossentropy, targets (one row of outputs per row) for any loss");
        }
        double[][] x = rows(source, inputs, architecture.inputSize(), "inputs", architecture.name() + " takes "
                + plural(architecture.inputSize(), "input"));
        if (labels != null) {
            if (labels.rank() == 2 && labels.shape()[1] != 1 || labels.rank() == 0) {
                throw Problem.input(source + ": 'labels' has shape " + labels.shapeString() + "; expected one class"
                        + " per row, shape (" + x.length + ",)");
            }
            return new TrainingData(source, x, labels(source, labels.toDoubleArray(), architecture.outputSize()), null);
        }
        double[][] t = rows(source, targets, architecture.outputSize(), "targets", architecture.name() + " has "
                + plural(architecture.outputSize(), "output"));
        return new TrainingData(source, x, null, t);
    }

    /**
     * The arrays of {@code file} with the runtime's reader, messages naming the file as given: any float,
     * integer or bool dtype (labels come as NumPy made them), at most two dimensions (one row per sample).
     */
    private static List<NpyArray> readNpz(Path file, String source) throws IOException {
        if (Files.isDirectory(file)) {
            throw Problem.input(source + ": is a folder, not an .npz file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return NpzReader.read(in, source, EnumSet.allOf(DType.class), header -> {
                if (header.rank() > 2) {
                    throw new IOException("shape " + header.shapeString() + " has " + header.rank() + " dimensions;"
                            + " expected one row per sample, at most 2 dimensions");
                }
            });
        }
    }

    /** The array as rows of {@code width} values; a one-dimensional array is one value per row when width is 1. */
    private static double[][] rows(String source, NpyArray array, int width, String name, String why) {
        boolean fits = array.rank() == 2 ? array.shape()[1] == width : array.rank() == 1 && width == 1;
        if (!fits) {
            throw Problem.input(source + ": '" + name + "' has shape " + array.shapeString() + " but " + why
                    + "; expected shape (rows, " + width + ")");
        }
        double[] values = array.toDoubleArray();
        double[][] rows = new double[array.shape()[0]][];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = java.util.Arrays.copyOfRange(values, r * width, (r + 1) * width);
        }
        return rows;
    }

    private static TrainingData text(Path file, String source, Architecture architecture, int targetColumns)
            throws IOException {
        int answers = targetColumns > 0 ? targetColumns : 1;
        int inputs = architecture.inputSize();
        String needs = "netc train needs " + (inputs + answers) + " per line: " + architecture.name() + "'s "
                + plural(inputs, "input") + ", then " + (targetColumns > 0 ? plural(targetColumns, "target")
                : "the label");
        Batch batch;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            batch = CsvRows.readRows(in, source, Precision.DOUBLE, inputs + answers, needs);
        }
        double[][] all = batch.doubles();
        double[][] x = new double[all.length][];
        double[] y = new double[all.length];
        double[][] t = targetColumns > 0 ? new double[all.length][] : null;
        for (int r = 0; r < all.length; r++) {
            x[r] = java.util.Arrays.copyOf(all[r], inputs);
            if (t != null) {
                t[r] = java.util.Arrays.copyOfRange(all[r], inputs, inputs + targetColumns);
            } else {
                y[r] = all[r][inputs];
            }
        }
        if (t != null) {
            return new TrainingData(source, x, null, t);
        }
        return new TrainingData(source, x, labels(source, y, architecture.outputSize()), null);
    }

    /** Whole numbers from 0 to {@code classes - 1}. */
    private static int[] labels(String source, double[] values, int classes) {
        int[] labels = new int[values.length];
        for (int r = 0; r < values.length; r++) {
            double v = values[r];
            if (v != Math.rint(v)) {
                throw Problem.input(source + ": label " + number(v) + " of row " + r + " is not a whole number;"
                        + " labels are classes, from 0 to " + (classes - 1));
            }
            if (v < 0 || v >= classes) {
                throw Problem.input(source + ": label " + number(v) + " of row " + r + " is out of range: the network"
                        + " has " + classes + " outputs, so labels go from 0 to " + (classes - 1));
            }
            labels[r] = (int) v;
        }
        return labels;
    }

    /** Row counts that agree, and finite numbers throughout. */
    private void check(Architecture architecture) {
        if (inputs.length == 0) {
            throw Problem.input(source + ": no rows");
        }
        int answers = labels != null ? labels.length : targets.length;
        if (answers != inputs.length) {
            throw Problem.input(source + ": '" + (labels != null ? "labels" : "targets") + "' has " + answers
                    + " rows but 'inputs' has " + inputs.length);
        }
        finite(inputs, "inputs");
        if (targets != null) {
            finite(targets, "targets");
        }
    }

    private void finite(double[][] rows, String name) {
        for (int r = 0; r < rows.length; r++) {
            for (int c = 0; c < rows[r].length; c++) {
                if (!Double.isFinite(rows[r][c])) {
                    throw Problem.input(source + ": " + name + " row " + r + " holds " + number(rows[r][c])
                            + " (value " + c + "); training needs finite numbers");
                }
            }
        }
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    private static String plural(int n, String word) {
        return n + " " + word + (n == 1 ? "" : "s");
    }
}
