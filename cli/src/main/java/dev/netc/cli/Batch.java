package dev.netc.cli;

import dev.netc.runtime.Precision;

/**
 * Samples, one row each, in the precision of the network that takes or produced them: exactly one
 * of {@code floats} and {@code doubles} is non-null.
 */
record Batch(float[][] floats, double[][] doubles) {
    static Batch of(float[][] rows) {
        return new Batch(rows, null);
    }

    static Batch of(double[][] rows) {
        return new Batch(null, rows);
    }

    Precision precision() {
        return floats != null ? Precision.FLOAT : Precision.DOUBLE;
    }

    int rows() {
        return floats != null ? floats.length : doubles.length;
    }

    /** Values in each row (all rows have the same); 0 without rows. */
    int columns() {
        if (rows() == 0) {
            return 0;
        }
        return floats != null ? floats[0].length : doubles[0].length;
    }

    /** Value {@code c} of row {@code r} as Java prints it: the shortest text that reads back the same number. */
    String format(int r, int c) {
        return floats != null ? Float.toString(floats[r][c]) : Double.toString(doubles[r][c]);
    }
}
