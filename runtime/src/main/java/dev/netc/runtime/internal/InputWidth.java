package dev.netc.runtime.internal;

/**
 * The one wording of "wrong input width" and of a null row, shared by the interpreter and generated classes.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class InputWidth {
    private InputWidth() {}

    /** For a single sample. */
    public static String message(int expected, int actual) {
        return "expected an input of width " + expected + " but got width " + actual;
    }

    /** For row {@code row} of a batch. */
    public static String message(int expected, int actual, int row) {
        return "expected inputs of width " + expected + " but row " + row + " has width " + actual;
    }

    /**
     * Checks the buffers of a flat batch: {@code rows} samples of {@code inputWidth} values each,
     * one after another, in and {@code outputWidth} values each out.
     *
     * @throws IllegalArgumentException if {@code rows} is negative or a buffer is too short
     */
    public static void checkBatch(int inputWidth, int outputWidth, int inputLength, int rows, int outputLength) {
        if (rows < 0) {
            throw new IllegalArgumentException("rows must not be negative, got " + rows);
        }
        if (inputLength < (long) rows * inputWidth) {
            throw new IllegalArgumentException("inputs hold " + inputLength + " values but " + rows + " rows of width "
                    + inputWidth + " need " + (long) rows * inputWidth);
        }
        if (outputLength < (long) rows * outputWidth) {
            throw new IllegalArgumentException("outputs hold " + outputLength + " values but " + rows
                    + " rows of width " + outputWidth + " need " + (long) rows * outputWidth);
        }
    }

    /** For the output buffer of a single sample. */
    public static void checkOutput(int expected, int actual) {
        if (actual != expected) {
            throw new IllegalArgumentException("expected an output buffer of width " + expected + " but got width "
                    + actual);
        }
    }

    /** For row {@code row} of a batch that is null. */
    public static String nullRow(int row) {
        return "row " + row + " of the batch is null";
    }

    /**
     * Row {@code r} of a batch, checked.
     *
     * @return {@code row}
     * @throws NullPointerException if {@code row} is null
     * @throws IllegalArgumentException if {@code row} does not have {@code expected} values
     */
    public static float[] checkRow(int expected, float[] row, int r) {
        if (row == null) {
            throw new NullPointerException(nullRow(r));
        }
        checkRowWidth(expected, row.length, r);
        return row;
    }

    /** As {@link #checkRow(int, float[], int)} for a row of doubles. */
    public static double[] checkRow(int expected, double[] row, int r) {
        if (row == null) {
            throw new NullPointerException(nullRow(r));
        }
        checkRowWidth(expected, row.length, r);
        return row;
    }

    private static void checkRowWidth(int expected, int actual, int r) {
        if (actual != expected) {
            throw new IllegalArgumentException(message(expected, actual, r));
        }
    }

    /** Throws {@link IllegalArgumentException} unless {@code actual == expected}. */
    public static void check(int expected, int actual) {
        if (actual != expected) {
            throw new IllegalArgumentException(message(expected, actual));
        }
    }
}
