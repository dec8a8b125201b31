package dev.netc.runtime.internal;

import java.lang.System.Logger.Level;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The three products written as two kernels an implementation supplies, so that both
 * implementations take the same route through each shape:
 *
 * <ul>
 *   <li>{@code gemm}, {@code C = A·B (+ bias)} in saxpy form: each row of {@code C} is a sum of rows
 *       of {@code B}, contiguous along {@code C}'s columns, scaled by elements of {@code A} read with
 *       any two strides (so {@code Aᵀ} costs no copy);
 *   <li>{@code dot}, {@code C = A·Bᵀ (+ bias)}: each element a dot product of two contiguous rows,
 *       for outputs too narrow to fill a vector.
 * </ul>
 *
 * The only copies are transposes into per-thread scratch arrays: of {@code b} for {@code a·bᵀ}
 * with wide outputs (saxpy form needs {@code bᵀ}'s rows; or of {@code a} and of the result,
 * {@code cᵀ = b·aᵀ}, when those are fewer elements), of {@code b} for {@code a·b} with
 * narrow outputs (dot form needs {@code b}'s columns), and of the result for {@code aᵀ·b} with
 * narrow outputs (computed as {@code bᵀ·a}, whose rows are wide). Each costs one pass over a
 * matrix against {@code m} passes of arithmetic, but a scalar pass at about 1 ns an element: a
 * fifth to a half of the time of {@code a·bᵀ} on the batches measured.
 */
abstract class BlockedMatrixKernels extends MatrixKernels {
    /** Products of at least this many multiply-adds gain from the Vector API: 64×64×64. */
    static final long HINT_THRESHOLD = 64L * 64 * 64;

    private static final AtomicBoolean HINTED = new AtomicBoolean();

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private final boolean hints;

    /**
     * @param hints whether a large product logs, once per JVM, how to enable the Vector API
     */
    BlockedMatrixKernels(boolean hints) {
        this.hints = hints;
    }

    /** Outputs narrower than this many floats take the dot form. */
    abstract int floatLanes();

    /** Outputs narrower than this many doubles take the dot form. */
    abstract int doubleLanes();

    /**
     * Whether {@code gemm} copies its {@code b} (then {@code a·bᵀ} always transposes {@code b}, which
     * is copied at the speed of {@code System.arraycopy}, rather than transposing {@code a} and the
     * result, which would add a copy of {@code aᵀ}: 27 against 19 GFLOP/s on 64×784×128).
     */
    abstract boolean gemmCopiesB();

    /**
     * {@code c[r·cols + j] = bias[j] + Σ_d a[r·aRow + d·aDepth] · b[d·cols + j]} for
     * {@code r < rows, j < cols}; no bias if {@code bias} is null.
     */
    abstract void gemm(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int rows, int depth, int cols);

    /**
     * {@code c[r·cols + j] = bias[j] + Σ_d a[r·depth + d] · b[j·depth + d]} for
     * {@code r < rows, j < cols}; no bias if {@code bias} is null.
     */
    abstract void dot(float[] a, float[] b, float[] bias, float[] c, int rows, int depth, int cols);

    /**
     * {@code y[yo + j] = bias[j] + Σ_t x[xo + i]·w[i·n + j]} over the inputs {@code i = inputs[t]},
     * {@code t < count}, for {@code j < n}; no bias if {@code bias} is null.
     */
    abstract void gemv(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count);

    /** {@link #gemv(float[], int, float[], float[], float[], int, int, int[], int)} for doubles. */
    abstract void gemv(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs,
            int count);

    /**
     * Whether enough of {@code x[xo .. xo + k)} are zero to repay listing them for {@code gemv}. Plain
     * Java always lists (its own loops are the reference); the Vector API counts first.
     */
    boolean worthSkipping(float[] x, int xo, int k) {
        return true;
    }

    /** {@link #worthSkipping(float[], int, int)} for doubles. */
    boolean worthSkipping(double[] x, int xo, int k) {
        return true;
    }

    /** {@link #gemm(float[], int, int, float[], float[], float[], int, int, int)} for doubles. */
    abstract void gemm(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int rows, int depth, int cols);

    /** {@link #dot(float[], float[], float[], float[], int, int, int)} for doubles. */
    abstract void dot(double[] a, double[] b, double[] bias, double[] c, int rows, int depth, int cols);

    @Override
    public final void multiply(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n) {
        checkMultiply(a.length, b.length, bias == null ? -1 : bias.length, c.length, m, k, n);
        if (n < floatLanes() && k >= floatLanes() && m > 1) {
            float[] bt = SCRATCH.get().floats(k * n);
            transpose(b, k, n, bt);
            dot(a, bt, bias, c, m, k, n);
        } else {
            gemm(a, k, 1, b, bias, c, m, k, n);
        }
    }

    @Override
    public final void multiplyRow(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int k, int n,
            boolean skipZeros) {
        checkRow(x.length, xo, w.length, bias == null ? -1 : bias.length, y.length, yo, k, n);
        Scratch scratch = SCRATCH.get();
        if (skipZeros && worthSkipping(x, xo, k)) {
            // The inputs that are not zero, listed without a branch to mispredict.
            int[] inputs = scratch.indices(k);
            gemv(x, xo, w, bias, y, yo, n, inputs, ZeroInputs.indices(x, xo, k, inputs, true));
        } else {
            gemv(x, xo, w, bias, y, yo, n, scratch.allInputs(k), k);
        }
    }

    @Override
    public final void multiplyRow(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int k, int n,
            boolean skipZeros) {
        checkRow(x.length, xo, w.length, bias == null ? -1 : bias.length, y.length, yo, k, n);
        Scratch scratch = SCRATCH.get();
        if (skipZeros && worthSkipping(x, xo, k)) {
            // The inputs that are not zero, listed without a branch to mispredict.
            int[] inputs = scratch.indices(k);
            gemv(x, xo, w, bias, y, yo, n, inputs, ZeroInputs.indices(x, xo, k, inputs, true));
        } else {
            gemv(x, xo, w, bias, y, yo, n, scratch.allInputs(k), k);
        }
    }

    @Override
    public final void multiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n) {
        checkTransposedA(a.length, b.length, c.length, m, k, n);
        if (n < floatLanes() && k >= floatLanes()) {
            // cᵀ = bᵀ·a has rows of k, wide enough for vectors.
            float[] ct = SCRATCH.get().floats(n * k);
            gemm(b, 1, n, a, null, ct, n, m, k);
            transpose(ct, n, k, c);
        } else {
            gemm(a, 1, k, b, null, c, k, m, n);
        }
    }

    @Override
    public final void multiplyTransposedB(float[] a, float[] b, float[] c, int m, int n, int k) {
        checkTransposedB(a.length, b.length, c.length, m, n, k);
        if (k < floatLanes() || m <= 2) {
            dot(a, b, null, c, m, n, k);
        } else if (m < floatLanes() || gemmCopiesB() || (long) k * n <= (long) m * (n + k)) {
            float[] bt = SCRATCH.get().floats(k * n);
            transpose(b, k, n, bt);
            gemm(a, n, 1, bt, null, c, m, n, k);
        } else {
            // Fewer elements to move: cᵀ = b·aᵀ, with rows of m.
            Scratch scratch = SCRATCH.get();
            float[] at = scratch.floats(m * n);
            float[] ct = scratch.otherFloats(k * m);
            transpose(a, m, n, at);
            gemm(b, n, 1, at, null, ct, k, n, m);
            transpose(ct, k, m, c);
        }
    }

    @Override
    public final void multiply(double[] a, double[] b, double[] bias, double[] c, int m, int k, int n) {
        checkMultiply(a.length, b.length, bias == null ? -1 : bias.length, c.length, m, k, n);
        if (n < doubleLanes() && k >= doubleLanes() && m > 1) {
            double[] bt = SCRATCH.get().doubles(k * n);
            transpose(b, k, n, bt);
            dot(a, bt, bias, c, m, k, n);
        } else {
            gemm(a, k, 1, b, bias, c, m, k, n);
        }
    }

    @Override
    public final void multiplyTransposedA(double[] a, double[] b, double[] c, int m, int k, int n) {
        checkTransposedA(a.length, b.length, c.length, m, k, n);
        if (n < doubleLanes() && k >= doubleLanes()) {
            double[] ct = SCRATCH.get().doubles(n * k);
            gemm(b, 1, n, a, null, ct, n, m, k);
            transpose(ct, n, k, c);
        } else {
            gemm(a, 1, k, b, null, c, k, m, n);
        }
    }

    @Override
    public final void multiplyTransposedB(double[] a, double[] b, double[] c, int m, int n, int k) {
        checkTransposedB(a.length, b.length, c.length, m, n, k);
        if (k < doubleLanes() || m <= 2) {
            dot(a, b, null, c, m, n, k);
        } else if (m < doubleLanes() || gemmCopiesB() || (long) k * n <= (long) m * (n + k)) {
            double[] bt = SCRATCH.get().doubles(k * n);
            transpose(b, k, n, bt);
            gemm(a, n, 1, bt, null, c, m, n, k);
        } else {
            // Fewer elements to move: cᵀ = b·aᵀ, with rows of m.
            Scratch scratch = SCRATCH.get();
            double[] at = scratch.doubles(m * n);
            double[] ct = scratch.otherDoubles(k * m);
            transpose(a, m, n, at);
            gemm(b, n, 1, at, null, ct, k, n, m);
            transpose(ct, k, m, c);
        }
    }

    /** {@code t[j·rows + i] = s[i·cols + j]}: {@code t} is {@code s}'s transpose. */
    static void transpose(float[] s, int rows, int cols, float[] t) {
        // In tiles, so that both the rows read and the rows written stay in L1.
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = s[i * cols + j];
                    }
                }
            }
        }
    }

    /** {@link #transpose(float[], int, int, float[])} for doubles. */
    static void transpose(double[] s, int rows, int cols, double[] t) {
        for (int i0 = 0; i0 < rows; i0 += 16) {
            int i1 = Math.min(rows, i0 + 16);
            for (int j0 = 0; j0 < cols; j0 += 16) {
                int j1 = Math.min(cols, j0 + 16);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        t[j * rows + i] = s[i * cols + j];
                    }
                }
            }
        }
    }

    /** A product of a row of ones and {@code d} where {@code gemm} reads {@code d} in place (8 times faster). */
    @Override
    public void columnSums(float[] d, int rows, int width, float[] sums) {
        check("d", d.length, rows, width);
        check("sums", sums.length, 1, width);
        if (gemmCopiesB()) {
            super.columnSums(d, rows, width, sums);
        } else {
            gemm(SCRATCH.get().ones(rows), 0, 1, d, null, sums, 1, rows, width);
        }
    }

    @Override
    public void columnSums(double[] d, int rows, int width, double[] sums) {
        check("d", d.length, rows, width);
        check("sums", sums.length, 1, width);
        if (gemmCopiesB()) {
            super.columnSums(d, rows, width, sums);
        } else {
            gemm(SCRATCH.get().doubleOnes(rows), 0, 1, d, null, sums, 1, rows, width);
        }
    }

    private void checkMultiply(int aLength, int bLength, int biasLength, int cLength, int m, int k, int n) {
        checkSizes(m, k, n);
        check("a", aLength, m, k);
        check("b", bLength, k, n);
        check("c", cLength, m, n);
        if (biasLength >= 0 && biasLength < n) {
            throw new IllegalArgumentException("bias has " + biasLength + " elements, fewer than n = " + n);
        }
        hintIfLarge(m, k, n);
    }

    private static void checkRow(int xLength, int xo, int wLength, int biasLength, int yLength, int yo, int k, int n) {
        checkSizes(1, k, n);
        if (xo < 0 || yo < 0) {
            throw new IllegalArgumentException("negative offset: xo = " + xo + ", yo = " + yo);
        }
        checkRow("x", xLength, xo, k);
        check("w", wLength, k, n);
        checkRow("y", yLength, yo, n);
        if (biasLength >= 0 && biasLength < n) {
            throw new IllegalArgumentException("bias has " + biasLength + " elements, fewer than n = " + n);
        }
    }

    private static void checkRow(String name, int length, int offset, int size) {
        if ((long) offset + size > length) {
            throw new IllegalArgumentException(name + " has " + length + " elements, fewer than " + offset + " + " + size);
        }
    }

    private void checkTransposedA(int aLength, int bLength, int cLength, int m, int k, int n) {
        checkSizes(m, k, n);
        check("a", aLength, m, k);
        check("b", bLength, m, n);
        check("c", cLength, k, n);
        hintIfLarge(m, k, n);
    }

    private void checkTransposedB(int aLength, int bLength, int cLength, int m, int n, int k) {
        checkSizes(m, n, k);
        check("a", aLength, m, n);
        check("b", bLength, k, n);
        check("c", cLength, m, k);
        hintIfLarge(m, k, n);
    }

    private static void checkSizes(int x, int y, int z) {
        if (x < 0 || y < 0 || z < 0) {
            throw new IllegalArgumentException("negative size: " + x + ", " + y + ", " + z);
        }
    }

    private static void check(String name, int length, int rows, int cols) {
        if ((long) rows * cols > length) {
            throw new IllegalArgumentException(
                    name + " has " + length + " elements, fewer than " + rows + "×" + cols);
        }
    }

    private void hintIfLarge(int x, int y, int z) {
        if (hints && (long) x * y * z >= HINT_THRESHOLD && !HINTED.get() && HINTED.compareAndSet(false, true)) {
            System.getLogger(MatrixKernels.class.getName()).log(Level.INFO,
                    "netc: dense products run on plain Java loops; the Vector API kernels are faster: run java with "
                            + "--add-modules jdk.incubator.vector (e.g. JDK_JAVA_OPTIONS=--add-modules=jdk.incubator.vector), "
                            + "or with -D" + VECTOR_PROPERTY + "=false to keep plain Java without this message");
        }
    }

    /** One thread's transposes; grows, never shrinks. */
    private static final class Scratch {
        private float[] floats = new float[0];
        private float[] otherFloats = new float[0];
        private double[] doubles = new double[0];
        private double[] otherDoubles = new double[0];
        private float[] ones = new float[0];
        private int[] indices = new int[0];
        private int[] allInputs = new int[0];
        private double[] doubleOnes = new double[0];

        int[] indices(int size) {
            if (indices.length < size) {
                indices = new int[size];
            }
            return indices;
        }

        /** {@code 0, 1, ..., size - 1} (and on). */
        int[] allInputs(int size) {
            if (allInputs.length < size) {
                allInputs = new int[size];
                java.util.Arrays.setAll(allInputs, i -> i);
            }
            return allInputs;
        }

        float[] ones(int size) {
            if (ones.length < size) {
                ones = new float[size];
                java.util.Arrays.fill(ones, 1f);
            }
            return ones;
        }

        double[] doubleOnes(int size) {
            if (doubleOnes.length < size) {
                doubleOnes = new double[size];
                java.util.Arrays.fill(doubleOnes, 1d);
            }
            return doubleOnes;
        }

        float[] floats(int size) {
            if (floats.length < size) {
                floats = new float[size];
            }
            return floats;
        }

        float[] otherFloats(int size) {
            if (otherFloats.length < size) {
                otherFloats = new float[size];
            }
            return otherFloats;
        }

        double[] otherDoubles(int size) {
            if (otherDoubles.length < size) {
                otherDoubles = new double[size];
            }
            return otherDoubles;
        }

        double[] doubles(int size) {
            if (doubles.length < size) {
                doubles = new double[size];
            }
            return doubles;
        }
    }
}
