package dev.netc.runtime.train;

/**
 * How many rows of a batch a classifier got right, as Keras counts them: the arg-max of a row against
 * its label or its one-hot target; for binary cross-entropy each output thresholded at 0.5 against
 * its target, a row counting the fraction of its outputs that are right.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Accuracy {
    private Accuracy() {}

    /** Rows whose arg-max is their label. */
    public static int correct(float[] p, int rows, int width, int[] labels) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            correct += argMax(p, r * width, width) == labels[r] ? 1 : 0;
        }
        return correct;
    }

    /** As {@link #correct(float[], int, int, int[])}, in double. */
    public static int correct(double[] p, int rows, int width, int[] labels) {
        int correct = 0;
        for (int r = 0; r < rows; r++) {
            correct += argMax(p, r * width, width) == labels[r] ? 1 : 0;
        }
        return correct;
    }

    /** Rows right against target rows: arg-max for categorical, per output for binary cross-entropy. */
    public static double correct(Loss loss, float[] p, int rows, int width, float[][] t) {
        double correct = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            if (loss == Loss.BINARY_CROSSENTROPY) {
                int right = 0;
                for (int j = 0; j < width; j++) {
                    right += (p[o + j] > 0.5f) == (t[r][j] > 0.5f) ? 1 : 0;
                }
                correct += (double) right / width;
            } else {
                correct += argMax(p, o, width) == argMax(t[r], 0, width) ? 1 : 0;
            }
        }
        return correct;
    }

    /** As {@link #correct(Loss, float[], int, int, float[][])}, in double. */
    public static double correct(Loss loss, double[] p, int rows, int width, double[][] t) {
        double correct = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * width;
            if (loss == Loss.BINARY_CROSSENTROPY) {
                int right = 0;
                for (int j = 0; j < width; j++) {
                    right += (p[o + j] > 0.5) == (t[r][j] > 0.5) ? 1 : 0;
                }
                correct += (double) right / width;
            } else {
                correct += argMax(p, o, width) == argMax(t[r], 0, width) ? 1 : 0;
            }
        }
        return correct;
    }

    /** The first index of the largest value, as {@code np.argmax}. */
    public static int argMax(float[] v, int off, int len) {
        int best = 0;
        for (int j = 1; j < len; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }

    /** As {@link #argMax(float[], int, int)}, in double. */
    public static int argMax(double[] v, int off, int len) {
        int best = 0;
        for (int j = 1; j < len; j++) {
            if (v[off + j] > v[off + best]) {
                best = j;
            }
        }
        return best;
    }
}
