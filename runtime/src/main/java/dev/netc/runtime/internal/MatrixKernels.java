package dev.netc.runtime.internal;

/** Dense products on row-major arrays; placeholder plain-Java version until the run-time-chosen kernels land. */
public abstract class MatrixKernels {
    private static final MatrixKernels PLAIN = new MatrixKernels() {
        @Override
        public String description() {
            return "plain Java";
        }
    };

    public static MatrixKernels get() {
        return PLAIN;
    }

    public abstract String description();

    public void multiply(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            if (bias == null) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else {
                System.arraycopy(bias, 0, c, ci, n);
            }
            for (int p = 0; p < k; p++) {
                float v = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += v * b[bp + j];
                }
            }
        }
    }

    public void multiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, k * n, 0f);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float v = a[i * k + p];
                int cp = p * n;
                int bi = i * n;
                for (int j = 0; j < n; j++) {
                    c[cp + j] += v * b[bi + j];
                }
            }
        }
    }

    public void multiplyTransposedB(float[] a, float[] b, float[] c, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                float sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i * n + j] * b[p * n + j];
                }
                c[i * k + p] = sum;
            }
        }
    }

    public void multiply(double[] a, double[] b, double[] bias, double[] c, int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            int ci = i * n;
            if (bias == null) {
                java.util.Arrays.fill(c, ci, ci + n, 0d);
            } else {
                System.arraycopy(bias, 0, c, ci, n);
            }
            for (int p = 0; p < k; p++) {
                double v = a[i * k + p];
                int bp = p * n;
                for (int j = 0; j < n; j++) {
                    c[ci + j] += v * b[bp + j];
                }
            }
        }
    }

    public void multiplyTransposedA(double[] a, double[] b, double[] c, int m, int k, int n) {
        java.util.Arrays.fill(c, 0, k * n, 0d);
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double v = a[i * k + p];
                int cp = p * n;
                int bi = i * n;
                for (int j = 0; j < n; j++) {
                    c[cp + j] += v * b[bi + j];
                }
            }
        }
    }

    public void multiplyTransposedB(double[] a, double[] b, double[] c, int m, int n, int k) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += a[i * n + j] * b[p * n + j];
                }
                c[i * k + p] = sum;
            }
        }
    }
}
