package dev.netc.runtime.internal;

/**
 * The inputs of a dense layer that are not zero, for generated passes that read the weight rows
 * of those inputs only. After a ReLU about half of a layer's inputs are exactly zero, and a
 * sample's pass is bound by reading weights from memory, so skipping their rows saves about half of
 * the layer's time; a batch of images skips the pixels that are zero in every row, such as borders.
 *
 * <p>Skipping is exact when the weights are finite: {@code fma(0, w, y) == y} for every finite
 * {@code w} (but for the sign of a sum that is zero), while {@code 0 × ∞} is NaN. Generated classes
 * therefore skip, here or where a pass over a network's inputs finds them all zero, only for layers
 * whose weights are all {@link #finite finite}; the outputs then equal those of the full pass, which
 * adds the same products in the same order.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class ZeroInputs {
    private ZeroInputs() {}

    /**
     * Writes to {@code into}, in increasing order, every {@code i < length} whose input
     * {@code x[from + i]} is not zero, or every {@code i} if {@code skipZeros} is false; returns
     * how many it wrote.
     */
    public static int indices(float[] x, int from, int length, int[] into, boolean skipZeros) {
        int count = 0;
        for (int i = 0; i < length; i++) {
            // Written whatever the value, counted only if kept: no branch to mispredict.
            into[count] = i;
            count += x[from + i] != 0f || !skipZeros ? 1 : 0;
        }
        return count;
    }

    /** As {@link #indices(float[], int, int, int[], boolean)} in double precision. */
    public static int indices(double[] x, int from, int length, int[] into, boolean skipZeros) {
        int count = 0;
        for (int i = 0; i < length; i++) {
            into[count] = i;
            count += x[from + i] != 0d || !skipZeros ? 1 : 0;
        }
        return count;
    }

    /** Whether every weight is finite, so that a zero input's row adds exactly nothing. */
    public static boolean finite(float[][] rows) {
        for (float[] row : rows) {
            for (float w : row) {
                if (!Float.isFinite(w)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Whether every weight is finite, so that a zero input's row adds exactly nothing. */
    public static boolean finite(double[][] rows) {
        for (double[] row : rows) {
            for (double w : row) {
                if (!Double.isFinite(w)) {
                    return false;
                }
            }
        }
        return true;
    }
}
