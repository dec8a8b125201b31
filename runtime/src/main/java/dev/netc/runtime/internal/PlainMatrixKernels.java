package dev.netc.runtime.internal;

import java.util.Arrays;

/**
 * Plain Java loops shaped for C2's auto-vectorizer: the inner loop of {@code gemm} runs along a row
 * of sums, adding four scaled rows of {@code b} per pass (small enough a body for JDK 17's C2 to
 * unroll and vectorize, see docs/performance.md), each row in an array of its own (see
 * {@link #ROWS_TO_COPY}); {@code dot} keeps four independent sums so that additions overlap.
 */
final class PlainMatrixKernels extends BlockedMatrixKernels {
    /** Chosen when the Vector API module is missing: hints at it on the first large product. */
    static final PlainMatrixKernels HINTING = new PlainMatrixKernels(true);

    /** Chosen with {@code -Dnetc.vector=false}, and for tests. */
    static final PlainMatrixKernels QUIET = new PlainMatrixKernels(false);

    /**
     * From this many rows on, {@code gemm} copies {@code b}'s rows into arrays of their own and sums
     * each row of {@code c} in an array of its own. JDK 17's C2 vectorizes a loop only if the
     * indices of all its loads and stores into arrays of one type differ by constants: {@code
     * c[cr + j] += a0 * b[b0 + j]} stays scalar (5–7 GFLOP/s on 64×784×128), {@code sums[j] += a0 *
     * b0[j] + …} is vectorized (23–25).
     */
    private static final int ROWS_TO_COPY = 4;

    private static final ThreadLocal<Rows> ROWS = ThreadLocal.withInitial(Rows::new);

    private PlainMatrixKernels(boolean hints) {
        super(hints);
    }

    @Override
    public String description() {
        return "plain Java";
    }

    // Below this width the saxpy loop is too short to vectorize well; what C2 uses on AVX2.
    @Override
    boolean gemmCopiesB() {
        return true;
    }

    @Override
    int floatLanes() {
        return 8;
    }

    @Override
    int doubleLanes() {
        return 4;
    }

    /** The reference for the Vector API's kernel; generated classes run their own loops on plain Java. */
    @Override
    void gemv(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count) {
        if (bias == null) {
            Arrays.fill(y, yo, yo + n, 0f);
        } else {
            System.arraycopy(bias, 0, y, yo, n);
        }
        for (int t = 0; t < count; t++) {
            float xi = x[xo + inputs[t]];
            for (int j = 0, wi = inputs[t] * n; j < n; j++) {
                y[yo + j] = Math.fma(xi, w[wi + j], y[yo + j]);
            }
        }
    }

    @Override
    void gemv(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count) {
        if (bias == null) {
            Arrays.fill(y, yo, yo + n, 0d);
        } else {
            System.arraycopy(bias, 0, y, yo, n);
        }
        for (int t = 0; t < count; t++) {
            double xi = x[xo + inputs[t]];
            for (int j = 0, wi = inputs[t] * n; j < n; j++) {
                y[yo + j] = Math.fma(xi, w[wi + j], y[yo + j]);
            }
        }
    }

    @Override
    void gemm(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
        if (rows < ROWS_TO_COPY || cols < 8) {
            gemmInPlace(a, aRow, aDepth, b, bias, c, rows, depth, cols);
            return;
        }
        Rows scratch = ROWS.get();
        float[][] bRows = scratch.floatRows(depth, cols);
        for (int d = 0; d < depth; d++) {
            System.arraycopy(b, d * cols, bRows[d], 0, cols);
        }
        float[] sums = scratch.floatSums(cols);
        for (int r = 0; r < rows; r++) {
            if (bias == null) {
                Arrays.fill(sums, 0, cols, 0f);
            } else {
                System.arraycopy(bias, 0, sums, 0, cols);
            }
            int ar = r * aRow;
            int d = 0;
            for (; d + 4 <= depth; d += 4) {
                float a0 = a[ar + d * aDepth];
                float a1 = a[ar + (d + 1) * aDepth];
                float a2 = a[ar + (d + 2) * aDepth];
                float a3 = a[ar + (d + 3) * aDepth];
                float[] b0 = bRows[d];
                float[] b1 = bRows[d + 1];
                float[] b2 = bRows[d + 2];
                float[] b3 = bRows[d + 3];
                for (int j = 0; j < cols; j++) {
                    sums[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
            for (; d < depth; d++) {
                float a0 = a[ar + d * aDepth];
                float[] b0 = bRows[d];
                for (int j = 0; j < cols; j++) {
                    sums[j] += a0 * b0[j];
                }
            }
            System.arraycopy(sums, 0, c, r * cols, cols);
        }
    }

    /** {@link #gemm} without copies, for products too small to repay them. */
    private static void gemmInPlace(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
        for (int r = 0; r < rows; r++) {
            int cr = r * cols;
            if (bias == null) {
                Arrays.fill(c, cr, cr + cols, 0f);
            } else {
                System.arraycopy(bias, 0, c, cr, cols);
            }
            int ar = r * aRow;
            int d = 0;
            for (; d + 4 <= depth; d += 4) {
                float a0 = a[ar + d * aDepth];
                float a1 = a[ar + (d + 1) * aDepth];
                float a2 = a[ar + (d + 2) * aDepth];
                float a3 = a[ar + (d + 3) * aDepth];
                int b0 = d * cols;
                int b1 = b0 + cols;
                int b2 = b1 + cols;
                int b3 = b2 + cols;
                for (int j = 0; j < cols; j++) {
                    c[cr + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; d < depth; d++) {
                float a0 = a[ar + d * aDepth];
                int b0 = d * cols;
                for (int j = 0; j < cols; j++) {
                    c[cr + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    @Override
    void dot(float[] a, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
        for (int r = 0; r < rows; r++) {
            int ar = r * depth;
            for (int j = 0; j < cols; j++) {
                int bj = j * depth;
                float s0 = 0;
                float s1 = 0;
                float s2 = 0;
                float s3 = 0;
                int d = 0;
                for (; d + 4 <= depth; d += 4) {
                    s0 += a[ar + d] * b[bj + d];
                    s1 += a[ar + d + 1] * b[bj + d + 1];
                    s2 += a[ar + d + 2] * b[bj + d + 2];
                    s3 += a[ar + d + 3] * b[bj + d + 3];
                }
                for (; d < depth; d++) {
                    s0 += a[ar + d] * b[bj + d];
                }
                float sum = (s0 + s1) + (s2 + s3);
                c[r * cols + j] = bias == null ? sum : sum + bias[j];
            }
        }
    }

    @Override
    void gemm(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int rows, int depth, int cols) {
        if (rows < ROWS_TO_COPY || cols < 4) {
            gemmInPlace(a, aRow, aDepth, b, bias, c, rows, depth, cols);
            return;
        }
        Rows scratch = ROWS.get();
        double[][] bRows = scratch.doubleRows(depth, cols);
        for (int d = 0; d < depth; d++) {
            System.arraycopy(b, d * cols, bRows[d], 0, cols);
        }
        double[] sums = scratch.doubleSums(cols);
        for (int r = 0; r < rows; r++) {
            if (bias == null) {
                Arrays.fill(sums, 0, cols, 0d);
            } else {
                System.arraycopy(bias, 0, sums, 0, cols);
            }
            int ar = r * aRow;
            int d = 0;
            for (; d + 4 <= depth; d += 4) {
                double a0 = a[ar + d * aDepth];
                double a1 = a[ar + (d + 1) * aDepth];
                double a2 = a[ar + (d + 2) * aDepth];
                double a3 = a[ar + (d + 3) * aDepth];
                double[] b0 = bRows[d];
                double[] b1 = bRows[d + 1];
                double[] b2 = bRows[d + 2];
                double[] b3 = bRows[d + 3];
                for (int j = 0; j < cols; j++) {
                    sums[j] += a0 * b0[j] + a1 * b1[j] + a2 * b2[j] + a3 * b3[j];
                }
            }
            for (; d < depth; d++) {
                double a0 = a[ar + d * aDepth];
                double[] b0 = bRows[d];
                for (int j = 0; j < cols; j++) {
                    sums[j] += a0 * b0[j];
                }
            }
            System.arraycopy(sums, 0, c, r * cols, cols);
        }
    }

    /** {@link #gemm} without copies, for products too small to repay them. */
    private static void gemmInPlace(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int rows, int depth, int cols) {
        for (int r = 0; r < rows; r++) {
            int cr = r * cols;
            if (bias == null) {
                Arrays.fill(c, cr, cr + cols, 0d);
            } else {
                System.arraycopy(bias, 0, c, cr, cols);
            }
            int ar = r * aRow;
            int d = 0;
            for (; d + 4 <= depth; d += 4) {
                double a0 = a[ar + d * aDepth];
                double a1 = a[ar + (d + 1) * aDepth];
                double a2 = a[ar + (d + 2) * aDepth];
                double a3 = a[ar + (d + 3) * aDepth];
                int b0 = d * cols;
                int b1 = b0 + cols;
                int b2 = b1 + cols;
                int b3 = b2 + cols;
                for (int j = 0; j < cols; j++) {
                    c[cr + j] += a0 * b[b0 + j] + a1 * b[b1 + j] + a2 * b[b2 + j] + a3 * b[b3 + j];
                }
            }
            for (; d < depth; d++) {
                double a0 = a[ar + d * aDepth];
                int b0 = d * cols;
                for (int j = 0; j < cols; j++) {
                    c[cr + j] += a0 * b[b0 + j];
                }
            }
        }
    }

    @Override
    void dot(double[] a, double[] b, double[] bias, double[] c, int rows, int depth, int cols) {
        for (int r = 0; r < rows; r++) {
            int ar = r * depth;
            for (int j = 0; j < cols; j++) {
                int bj = j * depth;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int d = 0;
                for (; d + 4 <= depth; d += 4) {
                    s0 += a[ar + d] * b[bj + d];
                    s1 += a[ar + d + 1] * b[bj + d + 1];
                    s2 += a[ar + d + 2] * b[bj + d + 2];
                    s3 += a[ar + d + 3] * b[bj + d + 3];
                }
                for (; d < depth; d++) {
                    s0 += a[ar + d] * b[bj + d];
                }
                double sum = (s0 + s1) + (s2 + s3);
                c[r * cols + j] = bias == null ? sum : sum + bias[j];
            }
        }
    }

    /** One thread's copies of {@code b}'s rows and its row of sums; they grow, never shrink. */
    private static final class Rows {
        private float[][] floatRows = new float[0][];
        private int floatRowLength;
        private float[] floatSums = new float[0];
        private double[][] doubleRows = new double[0][];
        private int doubleRowLength;
        private double[] doubleSums = new double[0];

        float[][] floatRows(int count, int length) {
            if (floatRows.length < count || floatRowLength < length) {
                floatRowLength = Math.max(floatRowLength, length);
                floatRows = new float[Math.max(floatRows.length, count)][floatRowLength];
            }
            return floatRows;
        }

        float[] floatSums(int length) {
            if (floatSums.length < length) {
                floatSums = new float[length];
            }
            return floatSums;
        }

        double[][] doubleRows(int count, int length) {
            if (doubleRows.length < count || doubleRowLength < length) {
                doubleRowLength = Math.max(doubleRowLength, length);
                doubleRows = new double[Math.max(doubleRows.length, count)][doubleRowLength];
            }
            return doubleRows;
        }

        double[] doubleSums(int length) {
            if (doubleSums.length < length) {
                doubleSums = new double[length];
            }
            return doubleSums;
        }
    }
}
