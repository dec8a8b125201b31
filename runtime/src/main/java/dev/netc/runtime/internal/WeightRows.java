package dev.netc.runtime.internal;

/**
 * Converts weight matrices between the file layout (one row-major array of shape (IN, OUT)) and
 * the layout generated kernels read (one array per input row), whose rows the JIT can vectorize
 * without having to prove that they do not overlap the output.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class WeightRows {
    private WeightRows() {}

    /** Splits a row-major (rows, columns) matrix into one array per row. */
    public static float[][] rows(float[] flat, int rows, int columns) {
        checkSize(flat.length, rows, columns);
        float[][] result = new float[rows][];
        for (int r = 0; r < rows; r++) {
            result[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
        }
        return result;
    }

    /** Splits a row-major (rows, columns) matrix into one array per row. */
    public static double[][] rows(double[] flat, int rows, int columns) {
        checkSize(flat.length, rows, columns);
        double[][] result = new double[rows][];
        for (int r = 0; r < rows; r++) {
            result[r] = java.util.Arrays.copyOfRange(flat, r * columns, (r + 1) * columns);
        }
        return result;
    }

    /** Joins rows back into one row-major array. */
    public static float[] flatten(float[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        float[] flat = new float[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return flat;
    }

    /** Joins rows back into one row-major array. */
    public static double[] flatten(double[][] rows) {
        int columns = rows.length == 0 ? 0 : rows[0].length;
        double[] flat = new double[rows.length * columns];
        for (int r = 0; r < rows.length; r++) {
            System.arraycopy(rows[r], 0, flat, r * columns, columns);
        }
        return flat;
    }

    private static void checkSize(int length, int rows, int columns) {
        if ((long) rows * columns != length) {
            throw new IllegalArgumentException("a (" + rows + ", " + columns + ") matrix needs " + (long) rows * columns
                    + " values, got " + length);
        }
    }
}
