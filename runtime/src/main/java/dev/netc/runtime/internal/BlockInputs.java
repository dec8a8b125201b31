package dev.netc.runtime.internal;

/**
 * For each block of a batch ({@link RowBlocks}), the inputs of a dense layer that are not zero in
 * some row of the block, so that a generated batch pass reads only their weight rows. After a ReLU
 * about half of a row's inputs are zero; an input is zero in all four rows of a block less often,
 * but often enough to pay: a random 784-512-512-10 network on uniform [0, 1) inputs leaves 29 % of
 * the second layer's inputs zero in every row of a block, while with standard normal inputs it is
 * 6 %, too few to win back reading the lists, so generated classes take the lists only when they
 * skip more than one input in eight.
 *
 * <p>Passes take a fixed number of listed inputs at a time and go through the inputs in tiles, so
 * that every block uses a tile's weight rows while they are in the L1 cache. {@link #start} tells
 * where in a block's list the passes of a tile begin: those of tile {@code t} are the listed
 * inputs {@code start(b, t) .. start(b, t + 1) - 1}, whole passes whose last input lies in or
 * before the tile; the inputs from {@code start(b, tiles)} on fill no pass and are added one at a
 * time. Each output thus adds the listed inputs in increasing order, as the full pass adds all of
 * them, and skipping is exact when the weights are finite ({@link ZeroInputs}).
 *
 * <p>Not thread-safe: one per workspace.
 */
public final class BlockInputs {
    private final int[][] inputs;
    private final int[][] starts;
    private final int[] counts;

    /** Lists for up to {@code blocks} blocks of layers up to {@code width} inputs in up to {@code tiles} tiles. */
    public BlockInputs(int blocks, int width, int tiles) {
        inputs = new int[blocks][width];
        starts = new int[blocks][tiles + 1];
        counts = new int[blocks];
    }

    /**
     * Lists the inputs {@code i < width} of block {@code b} whose {@code magnitudes[i]} is not zero,
     * or every input if {@code skipZeros} is false, with the starts of the passes of each tile of
     * {@code tile} inputs, {@code perPass} inputs per pass; returns how many it listed. A magnitude
     * is the sum of the absolute values of an input over the block's rows, zero exactly when every
     * row's value is (NaN and overflow give NaN and infinity). Generated classes sum them in a loop
     * with the rows' offsets as constants, which C2 vectorizes (six times faster than here).
     */
    public int list(int b, float[] magnitudes, int width, int tile, int perPass, boolean skipZeros) {
        int[] into = inputs[b];
        int[] tileStarts = starts[b];
        int n = 0;
        int start = 0;
        int t = 0;
        for (int from = 0; from < width; from += tile) {
            tileStarts[t++] = start;
            for (int i = from; i < Math.min(from + tile, width); i++) {
                // The input is written whatever it is: no branch to mispredict.
                into[n] = i;
                n += magnitudes[i] != 0f || !skipZeros ? 1 : 0;
            }
            // The whole passes among the inputs listed so far.
            start += (n - start) / perPass * perPass;
        }
        tileStarts[t] = start;
        counts[b] = n;
        return n;
    }

    /** As {@link #list(int, float[], int, int, int, boolean)} in double precision. */
    public int list(int b, double[] magnitudes, int width, int tile, int perPass, boolean skipZeros) {
        int[] into = inputs[b];
        int[] tileStarts = starts[b];
        int n = 0;
        int start = 0;
        int t = 0;
        for (int from = 0; from < width; from += tile) {
            tileStarts[t++] = start;
            for (int i = from; i < Math.min(from + tile, width); i++) {
                into[n] = i;
                n += magnitudes[i] != 0d || !skipZeros ? 1 : 0;
            }
            start += (n - start) / perPass * perPass;
        }
        tileStarts[t] = start;
        counts[b] = n;
        return n;
    }

    /** The inputs listed for block {@code b}, in increasing order. */
    public int[] inputs(int b) {
        return inputs[b];
    }

    /**
     * Where the passes of tile {@code t} begin in block {@code b}'s list; at {@code t = tiles},
     * where the inputs that fill no pass begin.
     */
    public int start(int b, int t) {
        return starts[b][t];
    }

    /** How many inputs block {@code b} listed. */
    public int count(int b) {
        return counts[b];
    }
}
