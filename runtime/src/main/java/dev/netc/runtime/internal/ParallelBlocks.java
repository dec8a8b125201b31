package dev.netc.runtime.internal;

/**
 * How a generated {@code predictParallel} cuts a batch into blocks for the common
 * {@link java.util.concurrent.ForkJoinPool}: one block per core at most, none smaller than
 * {@link #MIN_FLOPS} of work unless the batch is, none larger than the generated class's chunk.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class ParallelBlocks {
    /**
     * Least work, in floating-point operations, that a block hands to another core: waking a pool
     * thread costs tens of microseconds. Measured on 784-128-10 with two cores: blocks of 6.4 million
     * (32 rows) gained nothing, blocks of 12.8 million (64 rows) 1.3x.
     */
    public static final long MIN_FLOPS = 10_000_000;

    private ParallelBlocks() {}

    /**
     * Rows per block for a batch on the cores of this machine.
     *
     * @param rows the batch's rows
     * @param flopsPerRow the network's floating-point operations per sample
     * @param maxRows the most rows a block may have: the generated class's chunk, an even number
     * @return an even number of rows from 2 to {@code maxRows}
     */
    public static int rows(int rows, long flopsPerRow, int maxRows) {
        return rows(rows, flopsPerRow, maxRows, Runtime.getRuntime().availableProcessors());
    }

    /** As {@link #rows(int, long, int)} on {@code cores} cores. */
    static int rows(int rows, long flopsPerRow, int maxRows, int cores) {
        int blocks = (int) Math.max(1, Math.min(cores, rows * (double) flopsPerRow / MIN_FLOPS));
        // An even number of rows, as predict's chunks: a kernel that takes rows in pairs then pairs the
        // same rows in both.
        return Math.max(2, Math.min(maxRows, ((rows + blocks - 1) / blocks + 1) & ~1));
    }
}
