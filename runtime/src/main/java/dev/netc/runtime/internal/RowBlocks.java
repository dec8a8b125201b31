package dev.netc.runtime.internal;

import java.util.Arrays;

/**
 * A batch held as blocks of rows, for generated batch passes: each block is one array with its
 * rows back to back at a stride the generated code knows, so one loop updates every row of the
 * block at constant offsets. C2 vectorizes such a loop for four rows of three inputs, where it
 * leaves rows held as separate arrays scalar beyond three rows of two.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class RowBlocks {
    private RowBlocks() {}

    /**
     * Copies rows {@code 0 .. rows-1} of {@code x}, each {@code width} values from its offset in
     * {@code offsets}, into {@code blocks} of {@code rowsPerBlock} rows, and fills the rest of the last
     * block with zero rows, so that passes over whole blocks read only finite values.
     */
    public static void gather(float[][] x, int[] offsets, int rows, int width, float[][] blocks, int rowsPerBlock) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x[r], offsets[r], blocks[r / rowsPerBlock], r % rowsPerBlock * width, width);
        }
        if (rows % rowsPerBlock != 0) {
            Arrays.fill(blocks[rows / rowsPerBlock], rows % rowsPerBlock * width, rowsPerBlock * width, 0f);
        }
    }

    /** As {@link #gather(float[][], int[], int, int, float[][], int)} in double precision. */
    public static void gather(double[][] x, int[] offsets, int rows, int width, double[][] blocks, int rowsPerBlock) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(x[r], offsets[r], blocks[r / rowsPerBlock], r % rowsPerBlock * width, width);
        }
        if (rows % rowsPerBlock != 0) {
            Arrays.fill(blocks[rows / rowsPerBlock], rows % rowsPerBlock * width, rowsPerBlock * width, 0d);
        }
    }

    /**
     * Copies the first {@code rows} rows of {@code blocks}, {@code width} values each, into the rows of
     * {@code y}: row {@code r} to {@code y[r]} from {@code yo[r]}.
     */
    public static void scatter(float[][] blocks, int rowsPerBlock, int rows, int width, float[][] y, int[] yo) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(blocks[r / rowsPerBlock], r % rowsPerBlock * width, y[r], yo[r], width);
        }
    }

    /** As {@link #scatter(float[][], int, int, int, float[][], int[])} in double precision. */
    public static void scatter(double[][] blocks, int rowsPerBlock, int rows, int width, double[][] y, int[] yo) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(blocks[r / rowsPerBlock], r % rowsPerBlock * width, y[r], yo[r], width);
        }
    }
}
