package dev.netc.runtime.train;

/**
 * The formulas of every {@link Loss} on a batch of output rows {@code p} (row-major, {@code rows × width}):
 * each method returns the batch's mean data loss and, when {@code d} is not null, writes the gradient the
 * loss sends back (fused with softmax or sigmoid for the cross-entropies, see {@link Loss}). Losses are
 * summed in double also for float networks.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Losses {
    /** Predictions are clipped to {@code [CLIP, 1 − CLIP]} before their logarithm, as the tutorial does. */
    public static final double CLIP = 1e-7;

    private Losses() {}

    private static double clip(double p) {
        return Math.min(Math.max(p, CLIP), 1 - CLIP);
    }

    /** Categorical cross-entropy against class indices; {@code d = (p − onehot) / N}. */
    public static double categoricalCrossentropy(double[] p, int rows, int width, int[] labels, double[] d) {
        double sum = 0;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            sum -= Math.log(clip(p[o + labels[r]]));
            if (d != null) {
                for (int j = 0; j < width; j++) {
                    d[o + j] = p[o + j] / rows;
                }
                d[o + labels[r]] = (p[o + labels[r]] - 1) / rows;
            }
        }
        return sum / rows;
    }

    /** As {@link #categoricalCrossentropy(double[], int, int, int[], double[])}, in float. */
    public static double categoricalCrossentropy(float[] p, int rows, int width, int[] labels, float[] d) {
        double sum = 0;
        float n = rows;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            sum -= Math.log(clip(p[o + labels[r]]));
            if (d != null) {
                for (int j = 0; j < width; j++) {
                    d[o + j] = p[o + j] / n;
                }
                d[o + labels[r]] = (p[o + labels[r]] - 1f) / n;
            }
        }
        return sum / rows;
    }

    /** Categorical cross-entropy against target rows, {@code −Σ t·log c}; {@code d = (p − t) / N}. */
    public static double categoricalCrossentropy(double[] p, int rows, int width, double[][] t, double[] d) {
        double sum = 0;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            double[] target = t[r];
            for (int j = 0; j < width; j++) {
                if (target[j] != 0) {
                    sum -= target[j] * Math.log(clip(p[o + j]));
                }
                if (d != null) {
                    d[o + j] = (p[o + j] - target[j]) / rows;
                }
            }
        }
        return sum / rows;
    }

    /** As {@link #categoricalCrossentropy(double[], int, int, double[][], double[])}, in float. */
    public static double categoricalCrossentropy(float[] p, int rows, int width, float[][] t, float[] d) {
        double sum = 0;
        float n = rows;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            float[] target = t[r];
            for (int j = 0; j < width; j++) {
                if (target[j] != 0) {
                    sum -= target[j] * Math.log(clip(p[o + j]));
                }
                if (d != null) {
                    d[o + j] = (p[o + j] - target[j]) / n;
                }
            }
        }
        return sum / rows;
    }

    /** Binary cross-entropy, the mean over outputs per row; {@code d = (p − t) / (N·OUT)}. */
    public static double binaryCrossentropy(double[] p, int rows, int width, double[][] t, double[] d) {
        double sum = 0;
        double scale = (double) rows * width;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            double[] target = t[r];
            for (int j = 0; j < width; j++) {
                double c = clip(p[o + j]);
                sum -= target[j] * Math.log(c) + (1 - target[j]) * Math.log(1 - c);
                if (d != null) {
                    d[o + j] = (p[o + j] - target[j]) / scale;
                }
            }
        }
        return sum / scale;
    }

    /** As {@link #binaryCrossentropy(double[], int, int, double[][], double[])}, in float. */
    public static double binaryCrossentropy(float[] p, int rows, int width, float[][] t, float[] d) {
        double sum = 0;
        float scale = (float) ((double) rows * width);
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            float[] target = t[r];
            for (int j = 0; j < width; j++) {
                double c = clip(p[o + j]);
                sum -= target[j] * Math.log(c) + (1 - (double) target[j]) * Math.log(1 - c);
                if (d != null) {
                    d[o + j] = (p[o + j] - target[j]) / scale;
                }
            }
        }
        return sum / ((double) rows * width);
    }

    /** Mean squared error, the mean over outputs per row; {@code d = 2(p − t) / (N·OUT)}. */
    public static double meanSquaredError(double[] p, int rows, int width, double[][] t, double[] d) {
        double sum = 0;
        double scale = (double) rows * width;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            double[] target = t[r];
            for (int j = 0; j < width; j++) {
                double e = p[o + j] - target[j];
                sum += e * e;
                if (d != null) {
                    d[o + j] = 2 * e / scale;
                }
            }
        }
        return sum / scale;
    }

    /** As {@link #meanSquaredError(double[], int, int, double[][], double[])}, in float. */
    public static double meanSquaredError(float[] p, int rows, int width, float[][] t, float[] d) {
        double sum = 0;
        float scale = (float) ((double) rows * width);
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            float[] target = t[r];
            for (int j = 0; j < width; j++) {
                float e = p[o + j] - target[j];
                sum += (double) e * e;
                if (d != null) {
                    d[o + j] = 2 * e / scale;
                }
            }
        }
        return sum / ((double) rows * width);
    }

    /** Mean absolute error, the mean over outputs per row; {@code d = sign(p − t) / (N·OUT)}. */
    public static double meanAbsoluteError(double[] p, int rows, int width, double[][] t, double[] d) {
        double sum = 0;
        double scale = (double) rows * width;
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            double[] target = t[r];
            for (int j = 0; j < width; j++) {
                double e = p[o + j] - target[j];
                sum += Math.abs(e);
                if (d != null) {
                    d[o + j] = Math.signum(e) / scale;
                }
            }
        }
        return sum / scale;
    }

    /** As {@link #meanAbsoluteError(double[], int, int, double[][], double[])}, in float. */
    public static double meanAbsoluteError(float[] p, int rows, int width, float[][] t, float[] d) {
        double sum = 0;
        float scale = (float) ((double) rows * width);
        for (int r = 0, o = 0; r < rows; r++, o += width) {
            float[] target = t[r];
            for (int j = 0; j < width; j++) {
                float e = p[o + j] - target[j];
                sum += Math.abs(e);
                if (d != null) {
                    d[o + j] = Math.signum(e) / scale;
                }
            }
        }
        return sum / ((double) rows * width);
    }

    /** {@code loss} against target rows, dispatched. */
    public static double of(Loss loss, double[] p, int rows, int width, double[][] t, double[] d) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> categoricalCrossentropy(p, rows, width, t, d);
            case BINARY_CROSSENTROPY -> binaryCrossentropy(p, rows, width, t, d);
            case MEAN_SQUARED_ERROR -> meanSquaredError(p, rows, width, t, d);
            case MEAN_ABSOLUTE_ERROR -> meanAbsoluteError(p, rows, width, t, d);
        };
    }

    /** {@code loss} against target rows, dispatched, in float. */
    public static double of(Loss loss, float[] p, int rows, int width, float[][] t, float[] d) {
        return switch (loss) {
            case CATEGORICAL_CROSSENTROPY -> categoricalCrossentropy(p, rows, width, t, d);
            case BINARY_CROSSENTROPY -> binaryCrossentropy(p, rows, width, t, d);
            case MEAN_SQUARED_ERROR -> meanSquaredError(p, rows, width, t, d);
            case MEAN_ABSOLUTE_ERROR -> meanAbsoluteError(p, rows, width, t, d);
        };
    }
}
