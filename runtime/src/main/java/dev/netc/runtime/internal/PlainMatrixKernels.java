package dev.netc.runtime.internal;

import java.util.Arrays;

/**
 * Plain Java loops shaped for C2's auto-vectorizer: the inner loop of {@code gemm} runs along a
 * contiguous row of {@code c}, adding four scaled rows of {@code b} per pass (small enough a body
 * for JDK 17's C2 to unroll and vectorize, see docs/performance.md); {@code dot} keeps four
 * independent sums so that additions overlap.
 */
final class PlainMatrixKernels extends BlockedMatrixKernels {
    /** Chosen when the Vector API module is missing: hints at it on the first large product. */
    static final PlainMatrixKernels HINTING = new PlainMatrixKernels(true);

    /** Chosen with {@code -Dnetc.vector=false}, and for tests. */
    static final PlainMatrixKernels QUIET = new PlainMatrixKernels(false);

    private PlainMatrixKernels(boolean hints) {
        super(hints);
    }

    @Override
    public String description() {
        return "plain Java";
    }

    // Below this width the saxpy loop is too short to vectorize well; what C2 uses on AVX2.
    @Override
    int floatLanes() {
        return 8;
    }

    @Override
    int doubleLanes() {
        return 4;
    }

    @Override
    void gemm(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
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
}
