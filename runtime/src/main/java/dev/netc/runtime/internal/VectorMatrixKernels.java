package dev.netc.runtime.internal;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Register-blocked kernels written with the incubating Vector API, which C2 cannot be made to
 * produce from plain Java: {@code gemm} keeps a block of four rows by four vectors of {@code c} (two
 * with vectors narrower than 512 bits, as x86 then has 16 registers) in registers along the whole
 * depth, loading each vector of {@code b} once per block and broadcasting each element of
 * {@code a}, with fused multiply-adds; column panels are the outer loop, so that a panel of
 * {@code b} stays in L2 while every block of rows passes over it; columns after the last whole
 * vector are summed one by one. {@code dot} sums four outputs at a
 * time in vectors along the depth and reduces them at the end. {@code gemv}, a single sample, holds
 * strips of outputs in registers along all inputs, or for weights beyond L2 passes eight inputs at a
 * time over outputs kept in L1.
 *
 * <p>Compiled against {@code jdk.incubator.vector}; {@link MatrixKernels} loads this class by name,
 * and only when the module is readable.
 *
 * <p>The double methods are the float methods with the type renamed: a change to one is a change to
 * both.
 */
final class VectorMatrixKernels extends BlockedMatrixKernels {
    private static final VectorSpecies<Float> FLOATS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DOUBLES = DoubleVector.SPECIES_PREFERRED;
    private static final int FLOAT_LANES = FLOATS.length();
    private static final int DOUBLE_LANES = DOUBLES.length();

    /**
     * Whether to take blocks of four vectors: with 512-bit vectors x86 has 32 registers (AVX2 has
     * 16), enough for 16 accumulators, four vectors of {@code b} and a broadcast element of {@code a}.
     */
    private static final boolean WIDE = FLOATS.vectorBitSize() >= 512;

    /**
     * A sample's layer reading more weights than this takes {@code rowPasses} instead of strips: about
     * what stays in a core's L2 with the rest of the network (1 MB on AMD Zen 4, 2 MB on Intel
     * Sapphire Rapids, 256 KB to 1.25 MB on older cores).
     */
    private static final long STRIP_BYTES = 512 * 1024;

    /** One vector's lanes per thread, for the sums of the columns after the last whole vector. */
    private static final ThreadLocal<Lanes> LANES = ThreadLocal.withInitial(Lanes::new);

    private static final class Lanes {
        final float[] floats = new float[FLOAT_LANES];
        final double[] doubles = new double[DOUBLE_LANES];
    }

    private VectorMatrixKernels() {
        super(false);
    }

    /** This implementation, or null if the machine's vectors are too narrow to gain from it. */
    static MatrixKernels createIfUseful() {
        return FLOATS.vectorBitSize() < 128 ? null : new VectorMatrixKernels();
    }

    @Override
    public String description() {
        return "Vector API, " + FLOATS.vectorBitSize() + "-bit";
    }

    @Override
    public boolean vectorized() {
        return true;
    }

    @Override
    boolean gemmCopiesB() {
        return false;
    }

    @Override
    int floatLanes() {
        return FLOAT_LANES;
    }

    @Override
    int doubleLanes() {
        return DOUBLE_LANES;
    }

    @Override
    void gemm(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
        // Column panels outside, rows inside: a panel of b (depth × four vectors) stays in L2 while
        // every block of rows passes over it.
        int j = 0;
        if (WIDE) {
            for (; j + 4 * FLOAT_LANES <= cols; j += 4 * FLOAT_LANES) {
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    rows4x4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                }
                for (; r < rows; r++) {
                    row1x4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                }
            }
        }
        for (; j + 2 * FLOAT_LANES <= cols; j += 2 * FLOAT_LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                rows4x2(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j + FLOAT_LANES);
            }
        }
        for (; j + FLOAT_LANES <= cols; j += FLOAT_LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                rows4x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
        }
        for (; j < cols; j++) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                elements4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                element(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
        }
    }

    /** Four rows by four vectors of {@code c}: 16 accumulators, for 32 vector registers. */
    private static void rows4x4(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        int j1 = j + FLOAT_LANES;
        int j2 = j1 + FLOAT_LANES;
        int j3 = j2 + FLOAT_LANES;
        FloatVector c00;
        FloatVector c01;
        FloatVector c02;
        FloatVector c03;
        if (bias == null) {
            c00 = c01 = c02 = c03 = FloatVector.zero(FLOATS);
        } else {
            c00 = FloatVector.fromArray(FLOATS, bias, j);
            c01 = FloatVector.fromArray(FLOATS, bias, j1);
            c02 = FloatVector.fromArray(FLOATS, bias, j2);
            c03 = FloatVector.fromArray(FLOATS, bias, j3);
        }
        FloatVector c10 = c00;
        FloatVector c11 = c01;
        FloatVector c12 = c02;
        FloatVector c13 = c03;
        FloatVector c20 = c00;
        FloatVector c21 = c01;
        FloatVector c22 = c02;
        FloatVector c23 = c03;
        FloatVector c30 = c00;
        FloatVector c31 = c01;
        FloatVector c32 = c02;
        FloatVector c33 = c03;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            FloatVector b0 = FloatVector.fromArray(FLOATS, b, bd + j);
            FloatVector b1 = FloatVector.fromArray(FLOATS, b, bd + j1);
            FloatVector b2 = FloatVector.fromArray(FLOATS, b, bd + j2);
            FloatVector b3 = FloatVector.fromArray(FLOATS, b, bd + j3);
            int ad = d * aDepth;
            FloatVector x = FloatVector.broadcast(FLOATS, a[a0 + ad]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = FloatVector.broadcast(FLOATS, a[a1 + ad]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = FloatVector.broadcast(FLOATS, a[a2 + ad]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = FloatVector.broadcast(FLOATS, a[a3 + ad]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        int c0 = r * cols;
        int c1 = c0 + cols;
        int c2 = c1 + cols;
        int c3 = c2 + cols;
        c00.intoArray(c, c0 + j);
        c01.intoArray(c, c0 + j1);
        c02.intoArray(c, c0 + j2);
        c03.intoArray(c, c0 + j3);
        c10.intoArray(c, c1 + j);
        c11.intoArray(c, c1 + j1);
        c12.intoArray(c, c1 + j2);
        c13.intoArray(c, c1 + j3);
        c20.intoArray(c, c2 + j);
        c21.intoArray(c, c2 + j1);
        c22.intoArray(c, c2 + j2);
        c23.intoArray(c, c2 + j3);
        c30.intoArray(c, c3 + j);
        c31.intoArray(c, c3 + j1);
        c32.intoArray(c, c3 + j2);
        c33.intoArray(c, c3 + j3);
    }

    /** Four rows by two vectors of {@code c}: 8 accumulators, for 16 vector registers. */
    private static void rows4x2(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        int j1 = j + FLOAT_LANES;
        FloatVector c00;
        FloatVector c01;
        if (bias == null) {
            c00 = c01 = FloatVector.zero(FLOATS);
        } else {
            c00 = FloatVector.fromArray(FLOATS, bias, j);
            c01 = FloatVector.fromArray(FLOATS, bias, j1);
        }
        FloatVector c10 = c00;
        FloatVector c11 = c01;
        FloatVector c20 = c00;
        FloatVector c21 = c01;
        FloatVector c30 = c00;
        FloatVector c31 = c01;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            FloatVector b0 = FloatVector.fromArray(FLOATS, b, bd + j);
            FloatVector b1 = FloatVector.fromArray(FLOATS, b, bd + j1);
            int ad = d * aDepth;
            FloatVector x = FloatVector.broadcast(FLOATS, a[a0 + ad]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(FLOATS, a[a1 + ad]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(FLOATS, a[a2 + ad]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(FLOATS, a[a3 + ad]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int c0 = r * cols;
        int c1 = c0 + cols;
        int c2 = c1 + cols;
        int c3 = c2 + cols;
        c00.intoArray(c, c0 + j);
        c01.intoArray(c, c0 + j1);
        c10.intoArray(c, c1 + j);
        c11.intoArray(c, c1 + j1);
        c20.intoArray(c, c2 + j);
        c21.intoArray(c, c2 + j1);
        c30.intoArray(c, c3 + j);
        c31.intoArray(c, c3 + j1);
    }

    private static void rows4x1(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        FloatVector c0v = bias == null ? FloatVector.zero(FLOATS) : FloatVector.fromArray(FLOATS, bias, j);
        FloatVector c1v = c0v;
        FloatVector c2v = c0v;
        FloatVector c3v = c0v;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            FloatVector bv = FloatVector.fromArray(FLOATS, b, d * cols + j);
            int ad = d * aDepth;
            c0v = FloatVector.broadcast(FLOATS, a[a0 + ad]).fma(bv, c0v);
            c1v = FloatVector.broadcast(FLOATS, a[a1 + ad]).fma(bv, c1v);
            c2v = FloatVector.broadcast(FLOATS, a[a2 + ad]).fma(bv, c2v);
            c3v = FloatVector.broadcast(FLOATS, a[a3 + ad]).fma(bv, c3v);
        }
        int c0 = r * cols + j;
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + cols);
        c2v.intoArray(c, c0 + 2 * cols);
        c3v.intoArray(c, c0 + 3 * cols);
    }

    private static void row1x4(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        int j1 = j + FLOAT_LANES;
        int j2 = j1 + FLOAT_LANES;
        int j3 = j2 + FLOAT_LANES;
        FloatVector c0;
        FloatVector c1;
        FloatVector c2;
        FloatVector c3;
        if (bias == null) {
            c0 = c1 = c2 = c3 = FloatVector.zero(FLOATS);
        } else {
            c0 = FloatVector.fromArray(FLOATS, bias, j);
            c1 = FloatVector.fromArray(FLOATS, bias, j1);
            c2 = FloatVector.fromArray(FLOATS, bias, j2);
            c3 = FloatVector.fromArray(FLOATS, bias, j3);
        }
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            FloatVector x = FloatVector.broadcast(FLOATS, a[ar + d * aDepth]);
            c0 = x.fma(FloatVector.fromArray(FLOATS, b, bd + j), c0);
            c1 = x.fma(FloatVector.fromArray(FLOATS, b, bd + j1), c1);
            c2 = x.fma(FloatVector.fromArray(FLOATS, b, bd + j2), c2);
            c3 = x.fma(FloatVector.fromArray(FLOATS, b, bd + j3), c3);
        }
        int cr = r * cols;
        c0.intoArray(c, cr + j);
        c1.intoArray(c, cr + j1);
        c2.intoArray(c, cr + j2);
        c3.intoArray(c, cr + j3);
    }

    private static void row1x1(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        FloatVector cv = bias == null ? FloatVector.zero(FLOATS) : FloatVector.fromArray(FLOATS, bias, j);
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            cv = FloatVector.broadcast(FLOATS, a[ar + d * aDepth]).fma(FloatVector.fromArray(FLOATS, b, d * cols + j), cv);
        }
        cv.intoArray(c, r * cols + j);
    }

    /**
     * Four elements of a column of {@code c} after the last whole vector: four chains of scalar
     * multiply-adds that overlap, where one chain waits on each addition (double 64×128×10, with two
     * of ten columns scalar, ran slower than the plain loops).
     */
    private static void elements4(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        float s0 = bias == null ? 0 : bias[j];
        float s1 = s0;
        float s2 = s0;
        float s3 = s0;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            float y = b[d * cols + j];
            int ad = d * aDepth;
            s0 = Math.fma(a[a0 + ad], y, s0);
            s1 = Math.fma(a[a1 + ad], y, s1);
            s2 = Math.fma(a[a2 + ad], y, s2);
            s3 = Math.fma(a[a3 + ad], y, s3);
        }
        int c0 = r * cols + j;
        c[c0] = s0;
        c[c0 + cols] = s1;
        c[c0 + 2 * cols] = s2;
        c[c0 + 3 * cols] = s3;
    }

    /** One element of {@code c}, for the columns after the last whole vector. */
    private static void element(float[] a, int aRow, int aDepth, float[] b, float[] bias, float[] c, int r, int depth, int cols, int j) {
        float sum = bias == null ? 0 : bias[j];
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            sum = Math.fma(a[ar + d * aDepth], b[d * cols + j], sum);
        }
        c[r * cols + j] = sum;
    }

    @Override
    void dot(float[] a, float[] b, float[] bias, float[] c, int rows, int depth, int cols) {
        int vectorDepth = FLOATS.loopBound(depth);
        for (int r = 0; r < rows; r++) {
            int ar = r * depth;
            int cr = r * cols;
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                int b0 = j * depth;
                int b1 = b0 + depth;
                int b2 = b1 + depth;
                int b3 = b2 + depth;
                FloatVector s0 = FloatVector.zero(FLOATS);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                int d = 0;
                for (; d < vectorDepth; d += FLOAT_LANES) {
                    FloatVector x = FloatVector.fromArray(FLOATS, a, ar + d);
                    s0 = x.fma(FloatVector.fromArray(FLOATS, b, b0 + d), s0);
                    s1 = x.fma(FloatVector.fromArray(FLOATS, b, b1 + d), s1);
                    s2 = x.fma(FloatVector.fromArray(FLOATS, b, b2 + d), s2);
                    s3 = x.fma(FloatVector.fromArray(FLOATS, b, b3 + d), s3);
                }
                float t0 = s0.reduceLanes(VectorOperators.ADD);
                float t1 = s1.reduceLanes(VectorOperators.ADD);
                float t2 = s2.reduceLanes(VectorOperators.ADD);
                float t3 = s3.reduceLanes(VectorOperators.ADD);
                for (; d < depth; d++) {
                    float x = a[ar + d];
                    t0 = Math.fma(x, b[b0 + d], t0);
                    t1 = Math.fma(x, b[b1 + d], t1);
                    t2 = Math.fma(x, b[b2 + d], t2);
                    t3 = Math.fma(x, b[b3 + d], t3);
                }
                if (bias != null) {
                    t0 += bias[j];
                    t1 += bias[j + 1];
                    t2 += bias[j + 2];
                    t3 += bias[j + 3];
                }
                c[cr + j] = t0;
                c[cr + j + 1] = t1;
                c[cr + j + 2] = t2;
                c[cr + j + 3] = t3;
            }
            for (; j < cols; j++) {
                int bj = j * depth;
                FloatVector s = FloatVector.zero(FLOATS);
                int d = 0;
                for (; d < vectorDepth; d += FLOAT_LANES) {
                    s = FloatVector.fromArray(FLOATS, a, ar + d).fma(FloatVector.fromArray(FLOATS, b, bj + d), s);
                }
                float t = s.reduceLanes(VectorOperators.ADD);
                for (; d < depth; d++) {
                    t = Math.fma(a[ar + d], b[bj + d], t);
                }
                c[cr + j] = bias == null ? t : t + bias[j];
            }
        }
    }

    // The same for doubles.

    /**
     * Whether a quarter of the inputs are zero, counted a vector at a time: listing them costs about a
     * cycle an input, skipping one saves a vector multiply-add and load per vector of outputs (after a
     * ReLU about half are zero, in an image most, in dense features none).
     */
    @Override
    boolean worthSkipping(float[] x, int xo, int k) {
        int zeros = 0;
        int i = 0;
        for (; i + FLOAT_LANES <= k; i += FLOAT_LANES) {
            zeros += FloatVector.fromArray(FLOATS, x, xo + i).compare(VectorOperators.EQ, 0f).trueCount();
        }
        for (; i < k; i++) {
            zeros += x[xo + i] == 0f ? 1 : 0;
        }
        return 4 * zeros >= k;
    }

    /**
     * One sample. Up to {@link #STRIP_BYTES} of weights: strips of sixteen (with 32 registers) or
     * eight vectors of outputs stay in registers along all listed inputs (as many independent chains
     * of multiply-adds, enough to keep both FMA units busy; one strip reads each weight once and
     * writes each output once), then strips of four and of one vector, then the columns after the
     * last whole vector ({@code tail}); beyond, {@code rowPasses}.
     */
    @Override
    void gemv(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count) {
        if ((long) count * n * Float.BYTES > STRIP_BYTES) {
            rowPasses(x, xo, w, bias, y, yo, n, inputs, count);
            return;
        }
        int j = 0;
        if (WIDE) {
            for (; j + 16 * FLOAT_LANES <= n; j += 16 * FLOAT_LANES) {
                strip16(x, xo, w, bias, y, yo, n, inputs, count, j);
            }
        }
        for (; j + 8 * FLOAT_LANES <= n; j += 8 * FLOAT_LANES) {
            strip8(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 * FLOAT_LANES <= n; j += 4 * FLOAT_LANES) {
            strip4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + FLOAT_LANES <= n; j += FLOAT_LANES) {
            strip1(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        if (j < n) {
            tail(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
    }

    /**
     * One sample whose weights stream from beyond L2: passes over the outputs, kept in {@code y}, each
     * adding eight listed inputs, so the weights are read as eight long runs at a time (a strip reads a
     * short run of every row, which the prefetchers follow worse: 784 -> 512 -> 512 -> 10 49 us in
     * strips, 38 us in passes on an AMD EPYC with 1 MB of L2; 784 -> 128 the other way round, 4.8 against
     * 5.9 us).
     */
    private static void rowPasses(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count) {
        if (bias == null) {
            java.util.Arrays.fill(y, yo, yo + n, 0f);
        } else {
            System.arraycopy(bias, 0, y, yo, n);
        }
        int whole = n - n % FLOAT_LANES;
        int t = 0;
        for (; t + 8 <= count; t += 8) {
            FloatVector x0 = FloatVector.broadcast(FLOATS, x[xo + inputs[t]]);
            FloatVector x1 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 1]]);
            FloatVector x2 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 2]]);
            FloatVector x3 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 3]]);
            FloatVector x4 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 4]]);
            FloatVector x5 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 5]]);
            FloatVector x6 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 6]]);
            FloatVector x7 = FloatVector.broadcast(FLOATS, x[xo + inputs[t + 7]]);
            int o0 = inputs[t] * n;
            int o1 = inputs[t + 1] * n;
            int o2 = inputs[t + 2] * n;
            int o3 = inputs[t + 3] * n;
            int o4 = inputs[t + 4] * n;
            int o5 = inputs[t + 5] * n;
            int o6 = inputs[t + 6] * n;
            int o7 = inputs[t + 7] * n;
            for (int j = 0; j < whole; j += FLOAT_LANES) {
                // One chain in the inputs' order, as the strips and the batch kernels add: a row alone
                // gives the same bits as in a batch. Chains of other vectors overlap its waits.
                FloatVector a = x0.fma(FloatVector.fromArray(FLOATS, w, o0 + j), FloatVector.fromArray(FLOATS, y, yo + j));
                a = x1.fma(FloatVector.fromArray(FLOATS, w, o1 + j), a);
                a = x2.fma(FloatVector.fromArray(FLOATS, w, o2 + j), a);
                a = x3.fma(FloatVector.fromArray(FLOATS, w, o3 + j), a);
                a = x4.fma(FloatVector.fromArray(FLOATS, w, o4 + j), a);
                a = x5.fma(FloatVector.fromArray(FLOATS, w, o5 + j), a);
                a = x6.fma(FloatVector.fromArray(FLOATS, w, o6 + j), a);
                x7.fma(FloatVector.fromArray(FLOATS, w, o7 + j), a).intoArray(y, yo + j);
            }
            for (int j = whole; j < n; j++) {
                for (int u = t; u < t + 8; u++) {
                    y[yo + j] = Math.fma(x[xo + inputs[u]], w[inputs[u] * n + j], y[yo + j]);
                }
            }
        }
        for (; t < count; t++) {
            FloatVector xv = FloatVector.broadcast(FLOATS, x[xo + inputs[t]]);
            int o = inputs[t] * n;
            for (int j = 0; j < whole; j += FLOAT_LANES) {
                xv.fma(FloatVector.fromArray(FLOATS, w, o + j), FloatVector.fromArray(FLOATS, y, yo + j)).intoArray(y, yo + j);
            }
            for (int j = whole; j < n; j++) {
                y[yo + j] = Math.fma(x[xo + inputs[t]], w[o + j], y[yo + j]);
            }
        }
    }

    /** Sixteen vectors of outputs, with 32 registers: a longer run of each weight row than {@code strip8} reads. */
    private static void strip16(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        FloatVector c0 = start(bias, j);
        FloatVector c1 = start(bias, j + 1 * FLOAT_LANES);
        FloatVector c2 = start(bias, j + 2 * FLOAT_LANES);
        FloatVector c3 = start(bias, j + 3 * FLOAT_LANES);
        FloatVector c4 = start(bias, j + 4 * FLOAT_LANES);
        FloatVector c5 = start(bias, j + 5 * FLOAT_LANES);
        FloatVector c6 = start(bias, j + 6 * FLOAT_LANES);
        FloatVector c7 = start(bias, j + 7 * FLOAT_LANES);
        FloatVector c8 = start(bias, j + 8 * FLOAT_LANES);
        FloatVector c9 = start(bias, j + 9 * FLOAT_LANES);
        FloatVector c10 = start(bias, j + 10 * FLOAT_LANES);
        FloatVector c11 = start(bias, j + 11 * FLOAT_LANES);
        FloatVector c12 = start(bias, j + 12 * FLOAT_LANES);
        FloatVector c13 = start(bias, j + 13 * FLOAT_LANES);
        FloatVector c14 = start(bias, j + 14 * FLOAT_LANES);
        FloatVector c15 = start(bias, j + 15 * FLOAT_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            FloatVector xv = FloatVector.broadcast(FLOATS, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(FloatVector.fromArray(FLOATS, w, o), c0);
            c1 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 1 * FLOAT_LANES), c1);
            c2 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 2 * FLOAT_LANES), c2);
            c3 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 3 * FLOAT_LANES), c3);
            c4 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 4 * FLOAT_LANES), c4);
            c5 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 5 * FLOAT_LANES), c5);
            c6 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 6 * FLOAT_LANES), c6);
            c7 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 7 * FLOAT_LANES), c7);
            c8 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 8 * FLOAT_LANES), c8);
            c9 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 9 * FLOAT_LANES), c9);
            c10 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 10 * FLOAT_LANES), c10);
            c11 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 11 * FLOAT_LANES), c11);
            c12 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 12 * FLOAT_LANES), c12);
            c13 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 13 * FLOAT_LANES), c13);
            c14 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 14 * FLOAT_LANES), c14);
            c15 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 15 * FLOAT_LANES), c15);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + 1 * FLOAT_LANES);
        c2.intoArray(y, o + 2 * FLOAT_LANES);
        c3.intoArray(y, o + 3 * FLOAT_LANES);
        c4.intoArray(y, o + 4 * FLOAT_LANES);
        c5.intoArray(y, o + 5 * FLOAT_LANES);
        c6.intoArray(y, o + 6 * FLOAT_LANES);
        c7.intoArray(y, o + 7 * FLOAT_LANES);
        c8.intoArray(y, o + 8 * FLOAT_LANES);
        c9.intoArray(y, o + 9 * FLOAT_LANES);
        c10.intoArray(y, o + 10 * FLOAT_LANES);
        c11.intoArray(y, o + 11 * FLOAT_LANES);
        c12.intoArray(y, o + 12 * FLOAT_LANES);
        c13.intoArray(y, o + 13 * FLOAT_LANES);
        c14.intoArray(y, o + 14 * FLOAT_LANES);
        c15.intoArray(y, o + 15 * FLOAT_LANES);
    }

    private static void strip8(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        FloatVector c0 = start(bias, j);
        FloatVector c1 = start(bias, j + FLOAT_LANES);
        FloatVector c2 = start(bias, j + 2 * FLOAT_LANES);
        FloatVector c3 = start(bias, j + 3 * FLOAT_LANES);
        FloatVector c4 = start(bias, j + 4 * FLOAT_LANES);
        FloatVector c5 = start(bias, j + 5 * FLOAT_LANES);
        FloatVector c6 = start(bias, j + 6 * FLOAT_LANES);
        FloatVector c7 = start(bias, j + 7 * FLOAT_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            FloatVector xv = FloatVector.broadcast(FLOATS, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(FloatVector.fromArray(FLOATS, w, o), c0);
            c1 = xv.fma(FloatVector.fromArray(FLOATS, w, o + FLOAT_LANES), c1);
            c2 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 2 * FLOAT_LANES), c2);
            c3 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 3 * FLOAT_LANES), c3);
            c4 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 4 * FLOAT_LANES), c4);
            c5 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 5 * FLOAT_LANES), c5);
            c6 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 6 * FLOAT_LANES), c6);
            c7 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 7 * FLOAT_LANES), c7);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + FLOAT_LANES);
        c2.intoArray(y, o + 2 * FLOAT_LANES);
        c3.intoArray(y, o + 3 * FLOAT_LANES);
        c4.intoArray(y, o + 4 * FLOAT_LANES);
        c5.intoArray(y, o + 5 * FLOAT_LANES);
        c6.intoArray(y, o + 6 * FLOAT_LANES);
        c7.intoArray(y, o + 7 * FLOAT_LANES);
    }

    private static void strip4(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        FloatVector c0 = start(bias, j);
        FloatVector c1 = start(bias, j + FLOAT_LANES);
        FloatVector c2 = start(bias, j + 2 * FLOAT_LANES);
        FloatVector c3 = start(bias, j + 3 * FLOAT_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            FloatVector xv = FloatVector.broadcast(FLOATS, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(FloatVector.fromArray(FLOATS, w, o), c0);
            c1 = xv.fma(FloatVector.fromArray(FLOATS, w, o + FLOAT_LANES), c1);
            c2 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 2 * FLOAT_LANES), c2);
            c3 = xv.fma(FloatVector.fromArray(FLOATS, w, o + 3 * FLOAT_LANES), c3);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + FLOAT_LANES);
        c2.intoArray(y, o + 2 * FLOAT_LANES);
        c3.intoArray(y, o + 3 * FLOAT_LANES);
    }

    private static void strip1(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        FloatVector c0 = start(bias, j);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            c0 = FloatVector.broadcast(FLOATS, x[xo + q]).fma(FloatVector.fromArray(FLOATS, w, q * n + j), c0);
        }
        c0.intoArray(y, yo + j);
    }

    /**
     * The columns after the last whole vector, fewer than a vector's lanes: each listed input's vector
     * is read whole from its weight row at column {@code j}, so its last lanes hold the next row's
     * first weights and are dropped at the end (512 -> 10 took 2.4 us in four scalar chains of four
     * columns). One chain from the bias in the inputs' order, as the batch kernels add. The inputs
     * whose vector would end past the array are added in scalars.
     */
    private static void tail(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        float[] lanes = LANES.get().floats;
        java.util.Arrays.fill(lanes, 0f);
        if (bias != null) {
            System.arraycopy(bias, j, lanes, 0, n - j);
        }
        FloatVector c = FloatVector.fromArray(FLOATS, lanes, 0);
        int last = w.length - FLOAT_LANES;
        int t = 0;
        for (; t < count && inputs[t] * n + j <= last; t++) {
            c = FloatVector.broadcast(FLOATS, x[xo + inputs[t]]).fma(FloatVector.fromArray(FLOATS, w, inputs[t] * n + j), c);
        }
        c.intoArray(lanes, 0);
        for (int col = j; col < n; col++) {
            float sum = lanes[col - j];
            for (int u = t; u < count; u++) {
                sum = Math.fma(x[xo + inputs[u]], w[inputs[u] * n + col], sum);
            }
            y[yo + col] = sum;
        }
    }

    private static FloatVector start(float[] bias, int j) {
        return bias == null ? FloatVector.zero(FLOATS) : FloatVector.fromArray(FLOATS, bias, j);
    }

    @Override
    void gemm(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int rows, int depth, int cols) {
        // Column panels outside, rows inside: a panel of b (depth × four vectors) stays in L2 while
        // every block of rows passes over it.
        int j = 0;
        if (WIDE) {
            for (; j + 4 * DOUBLE_LANES <= cols; j += 4 * DOUBLE_LANES) {
                int r = 0;
                for (; r + 4 <= rows; r += 4) {
                    rows4x4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                }
                for (; r < rows; r++) {
                    row1x4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                }
            }
        }
        for (; j + 2 * DOUBLE_LANES <= cols; j += 2 * DOUBLE_LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                rows4x2(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j + DOUBLE_LANES);
            }
        }
        for (; j + DOUBLE_LANES <= cols; j += DOUBLE_LANES) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                rows4x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                row1x1(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
        }
        for (; j < cols; j++) {
            int r = 0;
            for (; r + 4 <= rows; r += 4) {
                elements4(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
            for (; r < rows; r++) {
                element(a, aRow, aDepth, b, bias, c, r, depth, cols, j);
            }
        }
    }

    /** Four rows by four vectors of {@code c}: 16 accumulators, for 32 vector registers. */
    private static void rows4x4(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        int j1 = j + DOUBLE_LANES;
        int j2 = j1 + DOUBLE_LANES;
        int j3 = j2 + DOUBLE_LANES;
        DoubleVector c00;
        DoubleVector c01;
        DoubleVector c02;
        DoubleVector c03;
        if (bias == null) {
            c00 = c01 = c02 = c03 = DoubleVector.zero(DOUBLES);
        } else {
            c00 = DoubleVector.fromArray(DOUBLES, bias, j);
            c01 = DoubleVector.fromArray(DOUBLES, bias, j1);
            c02 = DoubleVector.fromArray(DOUBLES, bias, j2);
            c03 = DoubleVector.fromArray(DOUBLES, bias, j3);
        }
        DoubleVector c10 = c00;
        DoubleVector c11 = c01;
        DoubleVector c12 = c02;
        DoubleVector c13 = c03;
        DoubleVector c20 = c00;
        DoubleVector c21 = c01;
        DoubleVector c22 = c02;
        DoubleVector c23 = c03;
        DoubleVector c30 = c00;
        DoubleVector c31 = c01;
        DoubleVector c32 = c02;
        DoubleVector c33 = c03;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bd + j);
            DoubleVector b1 = DoubleVector.fromArray(DOUBLES, b, bd + j1);
            DoubleVector b2 = DoubleVector.fromArray(DOUBLES, b, bd + j2);
            DoubleVector b3 = DoubleVector.fromArray(DOUBLES, b, bd + j3);
            int ad = d * aDepth;
            DoubleVector x = DoubleVector.broadcast(DOUBLES, a[a0 + ad]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            c02 = x.fma(b2, c02);
            c03 = x.fma(b3, c03);
            x = DoubleVector.broadcast(DOUBLES, a[a1 + ad]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            c12 = x.fma(b2, c12);
            c13 = x.fma(b3, c13);
            x = DoubleVector.broadcast(DOUBLES, a[a2 + ad]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            c22 = x.fma(b2, c22);
            c23 = x.fma(b3, c23);
            x = DoubleVector.broadcast(DOUBLES, a[a3 + ad]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            c32 = x.fma(b2, c32);
            c33 = x.fma(b3, c33);
        }
        int c0 = r * cols;
        int c1 = c0 + cols;
        int c2 = c1 + cols;
        int c3 = c2 + cols;
        c00.intoArray(c, c0 + j);
        c01.intoArray(c, c0 + j1);
        c02.intoArray(c, c0 + j2);
        c03.intoArray(c, c0 + j3);
        c10.intoArray(c, c1 + j);
        c11.intoArray(c, c1 + j1);
        c12.intoArray(c, c1 + j2);
        c13.intoArray(c, c1 + j3);
        c20.intoArray(c, c2 + j);
        c21.intoArray(c, c2 + j1);
        c22.intoArray(c, c2 + j2);
        c23.intoArray(c, c2 + j3);
        c30.intoArray(c, c3 + j);
        c31.intoArray(c, c3 + j1);
        c32.intoArray(c, c3 + j2);
        c33.intoArray(c, c3 + j3);
    }

    /** Four rows by two vectors of {@code c}: 8 accumulators, for 16 vector registers. */
    private static void rows4x2(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        int j1 = j + DOUBLE_LANES;
        DoubleVector c00;
        DoubleVector c01;
        if (bias == null) {
            c00 = c01 = DoubleVector.zero(DOUBLES);
        } else {
            c00 = DoubleVector.fromArray(DOUBLES, bias, j);
            c01 = DoubleVector.fromArray(DOUBLES, bias, j1);
        }
        DoubleVector c10 = c00;
        DoubleVector c11 = c01;
        DoubleVector c20 = c00;
        DoubleVector c21 = c01;
        DoubleVector c30 = c00;
        DoubleVector c31 = c01;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            DoubleVector b0 = DoubleVector.fromArray(DOUBLES, b, bd + j);
            DoubleVector b1 = DoubleVector.fromArray(DOUBLES, b, bd + j1);
            int ad = d * aDepth;
            DoubleVector x = DoubleVector.broadcast(DOUBLES, a[a0 + ad]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = DoubleVector.broadcast(DOUBLES, a[a1 + ad]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = DoubleVector.broadcast(DOUBLES, a[a2 + ad]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = DoubleVector.broadcast(DOUBLES, a[a3 + ad]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
        }
        int c0 = r * cols;
        int c1 = c0 + cols;
        int c2 = c1 + cols;
        int c3 = c2 + cols;
        c00.intoArray(c, c0 + j);
        c01.intoArray(c, c0 + j1);
        c10.intoArray(c, c1 + j);
        c11.intoArray(c, c1 + j1);
        c20.intoArray(c, c2 + j);
        c21.intoArray(c, c2 + j1);
        c30.intoArray(c, c3 + j);
        c31.intoArray(c, c3 + j1);
    }

    private static void rows4x1(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        DoubleVector c0v = bias == null ? DoubleVector.zero(DOUBLES) : DoubleVector.fromArray(DOUBLES, bias, j);
        DoubleVector c1v = c0v;
        DoubleVector c2v = c0v;
        DoubleVector c3v = c0v;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            DoubleVector bv = DoubleVector.fromArray(DOUBLES, b, d * cols + j);
            int ad = d * aDepth;
            c0v = DoubleVector.broadcast(DOUBLES, a[a0 + ad]).fma(bv, c0v);
            c1v = DoubleVector.broadcast(DOUBLES, a[a1 + ad]).fma(bv, c1v);
            c2v = DoubleVector.broadcast(DOUBLES, a[a2 + ad]).fma(bv, c2v);
            c3v = DoubleVector.broadcast(DOUBLES, a[a3 + ad]).fma(bv, c3v);
        }
        int c0 = r * cols + j;
        c0v.intoArray(c, c0);
        c1v.intoArray(c, c0 + cols);
        c2v.intoArray(c, c0 + 2 * cols);
        c3v.intoArray(c, c0 + 3 * cols);
    }

    private static void row1x4(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        int j1 = j + DOUBLE_LANES;
        int j2 = j1 + DOUBLE_LANES;
        int j3 = j2 + DOUBLE_LANES;
        DoubleVector c0;
        DoubleVector c1;
        DoubleVector c2;
        DoubleVector c3;
        if (bias == null) {
            c0 = c1 = c2 = c3 = DoubleVector.zero(DOUBLES);
        } else {
            c0 = DoubleVector.fromArray(DOUBLES, bias, j);
            c1 = DoubleVector.fromArray(DOUBLES, bias, j1);
            c2 = DoubleVector.fromArray(DOUBLES, bias, j2);
            c3 = DoubleVector.fromArray(DOUBLES, bias, j3);
        }
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            int bd = d * cols;
            DoubleVector x = DoubleVector.broadcast(DOUBLES, a[ar + d * aDepth]);
            c0 = x.fma(DoubleVector.fromArray(DOUBLES, b, bd + j), c0);
            c1 = x.fma(DoubleVector.fromArray(DOUBLES, b, bd + j1), c1);
            c2 = x.fma(DoubleVector.fromArray(DOUBLES, b, bd + j2), c2);
            c3 = x.fma(DoubleVector.fromArray(DOUBLES, b, bd + j3), c3);
        }
        int cr = r * cols;
        c0.intoArray(c, cr + j);
        c1.intoArray(c, cr + j1);
        c2.intoArray(c, cr + j2);
        c3.intoArray(c, cr + j3);
    }

    private static void row1x1(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        DoubleVector cv = bias == null ? DoubleVector.zero(DOUBLES) : DoubleVector.fromArray(DOUBLES, bias, j);
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            cv = DoubleVector.broadcast(DOUBLES, a[ar + d * aDepth]).fma(DoubleVector.fromArray(DOUBLES, b, d * cols + j), cv);
        }
        cv.intoArray(c, r * cols + j);
    }

    /**
     * Four elements of a column of {@code c} after the last whole vector: four chains of scalar
     * multiply-adds that overlap, where one chain waits on each addition (double 64×128×10, with two
     * of ten columns scalar, ran slower than the plain loops).
     */
    private static void elements4(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        double s0 = bias == null ? 0 : bias[j];
        double s1 = s0;
        double s2 = s0;
        double s3 = s0;
        int a0 = r * aRow;
        int a1 = a0 + aRow;
        int a2 = a1 + aRow;
        int a3 = a2 + aRow;
        for (int d = 0; d < depth; d++) {
            double y = b[d * cols + j];
            int ad = d * aDepth;
            s0 = Math.fma(a[a0 + ad], y, s0);
            s1 = Math.fma(a[a1 + ad], y, s1);
            s2 = Math.fma(a[a2 + ad], y, s2);
            s3 = Math.fma(a[a3 + ad], y, s3);
        }
        int c0 = r * cols + j;
        c[c0] = s0;
        c[c0 + cols] = s1;
        c[c0 + 2 * cols] = s2;
        c[c0 + 3 * cols] = s3;
    }

    /** One element of {@code c}, for the columns after the last whole vector. */
    private static void element(double[] a, int aRow, int aDepth, double[] b, double[] bias, double[] c, int r, int depth, int cols, int j) {
        double sum = bias == null ? 0 : bias[j];
        int ar = r * aRow;
        for (int d = 0; d < depth; d++) {
            sum = Math.fma(a[ar + d * aDepth], b[d * cols + j], sum);
        }
        c[r * cols + j] = sum;
    }

    @Override
    void dot(double[] a, double[] b, double[] bias, double[] c, int rows, int depth, int cols) {
        int vectorDepth = DOUBLES.loopBound(depth);
        for (int r = 0; r < rows; r++) {
            int ar = r * depth;
            int cr = r * cols;
            int j = 0;
            for (; j + 4 <= cols; j += 4) {
                int b0 = j * depth;
                int b1 = b0 + depth;
                int b2 = b1 + depth;
                int b3 = b2 + depth;
                DoubleVector s0 = DoubleVector.zero(DOUBLES);
                DoubleVector s1 = s0;
                DoubleVector s2 = s0;
                DoubleVector s3 = s0;
                int d = 0;
                for (; d < vectorDepth; d += DOUBLE_LANES) {
                    DoubleVector x = DoubleVector.fromArray(DOUBLES, a, ar + d);
                    s0 = x.fma(DoubleVector.fromArray(DOUBLES, b, b0 + d), s0);
                    s1 = x.fma(DoubleVector.fromArray(DOUBLES, b, b1 + d), s1);
                    s2 = x.fma(DoubleVector.fromArray(DOUBLES, b, b2 + d), s2);
                    s3 = x.fma(DoubleVector.fromArray(DOUBLES, b, b3 + d), s3);
                }
                double t0 = s0.reduceLanes(VectorOperators.ADD);
                double t1 = s1.reduceLanes(VectorOperators.ADD);
                double t2 = s2.reduceLanes(VectorOperators.ADD);
                double t3 = s3.reduceLanes(VectorOperators.ADD);
                for (; d < depth; d++) {
                    double x = a[ar + d];
                    t0 = Math.fma(x, b[b0 + d], t0);
                    t1 = Math.fma(x, b[b1 + d], t1);
                    t2 = Math.fma(x, b[b2 + d], t2);
                    t3 = Math.fma(x, b[b3 + d], t3);
                }
                if (bias != null) {
                    t0 += bias[j];
                    t1 += bias[j + 1];
                    t2 += bias[j + 2];
                    t3 += bias[j + 3];
                }
                c[cr + j] = t0;
                c[cr + j + 1] = t1;
                c[cr + j + 2] = t2;
                c[cr + j + 3] = t3;
            }
            for (; j < cols; j++) {
                int bj = j * depth;
                DoubleVector s = DoubleVector.zero(DOUBLES);
                int d = 0;
                for (; d < vectorDepth; d += DOUBLE_LANES) {
                    s = DoubleVector.fromArray(DOUBLES, a, ar + d).fma(DoubleVector.fromArray(DOUBLES, b, bj + d), s);
                }
                double t = s.reduceLanes(VectorOperators.ADD);
                for (; d < depth; d++) {
                    t = Math.fma(a[ar + d], b[bj + d], t);
                }
                c[cr + j] = bias == null ? t : t + bias[j];
            }
        }
    }
    /**
     * Whether a quarter of the inputs are zero, counted a vector at a time: listing them costs about a
     * cycle an input, skipping one saves a vector multiply-add and load per vector of outputs (after a
     * ReLU about half are zero, in an image most, in dense features none).
     */
    @Override
    boolean worthSkipping(double[] x, int xo, int k) {
        int zeros = 0;
        int i = 0;
        for (; i + DOUBLE_LANES <= k; i += DOUBLE_LANES) {
            zeros += DoubleVector.fromArray(DOUBLES, x, xo + i).compare(VectorOperators.EQ, 0d).trueCount();
        }
        for (; i < k; i++) {
            zeros += x[xo + i] == 0d ? 1 : 0;
        }
        return 4 * zeros >= k;
    }

    /**
     * One sample. Up to {@link #STRIP_BYTES} of weights: strips of sixteen (with 32 registers) or
     * eight vectors of outputs stay in registers along all listed inputs (as many independent chains
     * of multiply-adds, enough to keep both FMA units busy; one strip reads each weight once and
     * writes each output once), then strips of four and of one vector, then the columns after the
     * last whole vector ({@code tail}); beyond, {@code rowPasses}.
     */
    @Override
    void gemv(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count) {
        if ((long) count * n * Double.BYTES > STRIP_BYTES) {
            rowPasses(x, xo, w, bias, y, yo, n, inputs, count);
            return;
        }
        int j = 0;
        if (WIDE) {
            for (; j + 16 * DOUBLE_LANES <= n; j += 16 * DOUBLE_LANES) {
                strip16(x, xo, w, bias, y, yo, n, inputs, count, j);
            }
        }
        for (; j + 8 * DOUBLE_LANES <= n; j += 8 * DOUBLE_LANES) {
            strip8(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 * DOUBLE_LANES <= n; j += 4 * DOUBLE_LANES) {
            strip4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + DOUBLE_LANES <= n; j += DOUBLE_LANES) {
            strip1(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        if (j < n) {
            tail(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
    }

    /**
     * One sample whose weights stream from beyond L2: passes over the outputs, kept in {@code y}, each
     * adding eight listed inputs, so the weights are read as eight long runs at a time (a strip reads a
     * short run of every row, which the prefetchers follow worse: 784 -> 512 -> 512 -> 10 49 us in
     * strips, 38 us in passes on an AMD EPYC with 1 MB of L2; 784 -> 128 the other way round, 4.8 against
     * 5.9 us).
     */
    private static void rowPasses(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count) {
        if (bias == null) {
            java.util.Arrays.fill(y, yo, yo + n, 0d);
        } else {
            System.arraycopy(bias, 0, y, yo, n);
        }
        int whole = n - n % DOUBLE_LANES;
        int t = 0;
        for (; t + 8 <= count; t += 8) {
            DoubleVector x0 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t]]);
            DoubleVector x1 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 1]]);
            DoubleVector x2 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 2]]);
            DoubleVector x3 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 3]]);
            DoubleVector x4 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 4]]);
            DoubleVector x5 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 5]]);
            DoubleVector x6 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 6]]);
            DoubleVector x7 = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t + 7]]);
            int o0 = inputs[t] * n;
            int o1 = inputs[t + 1] * n;
            int o2 = inputs[t + 2] * n;
            int o3 = inputs[t + 3] * n;
            int o4 = inputs[t + 4] * n;
            int o5 = inputs[t + 5] * n;
            int o6 = inputs[t + 6] * n;
            int o7 = inputs[t + 7] * n;
            for (int j = 0; j < whole; j += DOUBLE_LANES) {
                // One chain in the inputs' order, as the strips and the batch kernels add: a row alone
                // gives the same bits as in a batch. Chains of other vectors overlap its waits.
                DoubleVector a = x0.fma(DoubleVector.fromArray(DOUBLES, w, o0 + j), DoubleVector.fromArray(DOUBLES, y, yo + j));
                a = x1.fma(DoubleVector.fromArray(DOUBLES, w, o1 + j), a);
                a = x2.fma(DoubleVector.fromArray(DOUBLES, w, o2 + j), a);
                a = x3.fma(DoubleVector.fromArray(DOUBLES, w, o3 + j), a);
                a = x4.fma(DoubleVector.fromArray(DOUBLES, w, o4 + j), a);
                a = x5.fma(DoubleVector.fromArray(DOUBLES, w, o5 + j), a);
                a = x6.fma(DoubleVector.fromArray(DOUBLES, w, o6 + j), a);
                x7.fma(DoubleVector.fromArray(DOUBLES, w, o7 + j), a).intoArray(y, yo + j);
            }
            for (int j = whole; j < n; j++) {
                for (int u = t; u < t + 8; u++) {
                    y[yo + j] = Math.fma(x[xo + inputs[u]], w[inputs[u] * n + j], y[yo + j]);
                }
            }
        }
        for (; t < count; t++) {
            DoubleVector xv = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t]]);
            int o = inputs[t] * n;
            for (int j = 0; j < whole; j += DOUBLE_LANES) {
                xv.fma(DoubleVector.fromArray(DOUBLES, w, o + j), DoubleVector.fromArray(DOUBLES, y, yo + j)).intoArray(y, yo + j);
            }
            for (int j = whole; j < n; j++) {
                y[yo + j] = Math.fma(x[xo + inputs[t]], w[o + j], y[yo + j]);
            }
        }
    }

    /** Sixteen vectors of outputs, with 32 registers: a longer run of each weight row than {@code strip8} reads. */
    private static void strip16(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        DoubleVector c0 = start(bias, j);
        DoubleVector c1 = start(bias, j + 1 * DOUBLE_LANES);
        DoubleVector c2 = start(bias, j + 2 * DOUBLE_LANES);
        DoubleVector c3 = start(bias, j + 3 * DOUBLE_LANES);
        DoubleVector c4 = start(bias, j + 4 * DOUBLE_LANES);
        DoubleVector c5 = start(bias, j + 5 * DOUBLE_LANES);
        DoubleVector c6 = start(bias, j + 6 * DOUBLE_LANES);
        DoubleVector c7 = start(bias, j + 7 * DOUBLE_LANES);
        DoubleVector c8 = start(bias, j + 8 * DOUBLE_LANES);
        DoubleVector c9 = start(bias, j + 9 * DOUBLE_LANES);
        DoubleVector c10 = start(bias, j + 10 * DOUBLE_LANES);
        DoubleVector c11 = start(bias, j + 11 * DOUBLE_LANES);
        DoubleVector c12 = start(bias, j + 12 * DOUBLE_LANES);
        DoubleVector c13 = start(bias, j + 13 * DOUBLE_LANES);
        DoubleVector c14 = start(bias, j + 14 * DOUBLE_LANES);
        DoubleVector c15 = start(bias, j + 15 * DOUBLE_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            DoubleVector xv = DoubleVector.broadcast(DOUBLES, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o), c0);
            c1 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 1 * DOUBLE_LANES), c1);
            c2 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 2 * DOUBLE_LANES), c2);
            c3 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 3 * DOUBLE_LANES), c3);
            c4 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 4 * DOUBLE_LANES), c4);
            c5 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 5 * DOUBLE_LANES), c5);
            c6 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 6 * DOUBLE_LANES), c6);
            c7 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 7 * DOUBLE_LANES), c7);
            c8 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 8 * DOUBLE_LANES), c8);
            c9 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 9 * DOUBLE_LANES), c9);
            c10 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 10 * DOUBLE_LANES), c10);
            c11 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 11 * DOUBLE_LANES), c11);
            c12 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 12 * DOUBLE_LANES), c12);
            c13 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 13 * DOUBLE_LANES), c13);
            c14 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 14 * DOUBLE_LANES), c14);
            c15 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 15 * DOUBLE_LANES), c15);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + 1 * DOUBLE_LANES);
        c2.intoArray(y, o + 2 * DOUBLE_LANES);
        c3.intoArray(y, o + 3 * DOUBLE_LANES);
        c4.intoArray(y, o + 4 * DOUBLE_LANES);
        c5.intoArray(y, o + 5 * DOUBLE_LANES);
        c6.intoArray(y, o + 6 * DOUBLE_LANES);
        c7.intoArray(y, o + 7 * DOUBLE_LANES);
        c8.intoArray(y, o + 8 * DOUBLE_LANES);
        c9.intoArray(y, o + 9 * DOUBLE_LANES);
        c10.intoArray(y, o + 10 * DOUBLE_LANES);
        c11.intoArray(y, o + 11 * DOUBLE_LANES);
        c12.intoArray(y, o + 12 * DOUBLE_LANES);
        c13.intoArray(y, o + 13 * DOUBLE_LANES);
        c14.intoArray(y, o + 14 * DOUBLE_LANES);
        c15.intoArray(y, o + 15 * DOUBLE_LANES);
    }

    private static void strip8(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        DoubleVector c0 = start(bias, j);
        DoubleVector c1 = start(bias, j + DOUBLE_LANES);
        DoubleVector c2 = start(bias, j + 2 * DOUBLE_LANES);
        DoubleVector c3 = start(bias, j + 3 * DOUBLE_LANES);
        DoubleVector c4 = start(bias, j + 4 * DOUBLE_LANES);
        DoubleVector c5 = start(bias, j + 5 * DOUBLE_LANES);
        DoubleVector c6 = start(bias, j + 6 * DOUBLE_LANES);
        DoubleVector c7 = start(bias, j + 7 * DOUBLE_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            DoubleVector xv = DoubleVector.broadcast(DOUBLES, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o), c0);
            c1 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + DOUBLE_LANES), c1);
            c2 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 2 * DOUBLE_LANES), c2);
            c3 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 3 * DOUBLE_LANES), c3);
            c4 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 4 * DOUBLE_LANES), c4);
            c5 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 5 * DOUBLE_LANES), c5);
            c6 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 6 * DOUBLE_LANES), c6);
            c7 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 7 * DOUBLE_LANES), c7);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + DOUBLE_LANES);
        c2.intoArray(y, o + 2 * DOUBLE_LANES);
        c3.intoArray(y, o + 3 * DOUBLE_LANES);
        c4.intoArray(y, o + 4 * DOUBLE_LANES);
        c5.intoArray(y, o + 5 * DOUBLE_LANES);
        c6.intoArray(y, o + 6 * DOUBLE_LANES);
        c7.intoArray(y, o + 7 * DOUBLE_LANES);
    }

    private static void strip4(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        DoubleVector c0 = start(bias, j);
        DoubleVector c1 = start(bias, j + DOUBLE_LANES);
        DoubleVector c2 = start(bias, j + 2 * DOUBLE_LANES);
        DoubleVector c3 = start(bias, j + 3 * DOUBLE_LANES);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            DoubleVector xv = DoubleVector.broadcast(DOUBLES, x[xo + q]);
            int o = q * n + j;
            c0 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o), c0);
            c1 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + DOUBLE_LANES), c1);
            c2 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 2 * DOUBLE_LANES), c2);
            c3 = xv.fma(DoubleVector.fromArray(DOUBLES, w, o + 3 * DOUBLE_LANES), c3);
        }
        int o = yo + j;
        c0.intoArray(y, o);
        c1.intoArray(y, o + DOUBLE_LANES);
        c2.intoArray(y, o + 2 * DOUBLE_LANES);
        c3.intoArray(y, o + 3 * DOUBLE_LANES);
    }

    private static void strip1(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        DoubleVector c0 = start(bias, j);
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            c0 = DoubleVector.broadcast(DOUBLES, x[xo + q]).fma(DoubleVector.fromArray(DOUBLES, w, q * n + j), c0);
        }
        c0.intoArray(y, yo + j);
    }

    /**
     * The columns after the last whole vector, fewer than a vector's lanes: each listed input's vector
     * is read whole from its weight row at column {@code j}, so its last lanes hold the next row's
     * first weights and are dropped at the end (512 -> 10 took 2.4 us in four scalar chains of four
     * columns). One chain from the bias in the inputs' order, as the batch kernels add. The inputs
     * whose vector would end past the array are added in scalars.
     */
    private static void tail(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        double[] lanes = LANES.get().doubles;
        java.util.Arrays.fill(lanes, 0d);
        if (bias != null) {
            System.arraycopy(bias, j, lanes, 0, n - j);
        }
        DoubleVector c = DoubleVector.fromArray(DOUBLES, lanes, 0);
        int last = w.length - DOUBLE_LANES;
        int t = 0;
        for (; t < count && inputs[t] * n + j <= last; t++) {
            c = DoubleVector.broadcast(DOUBLES, x[xo + inputs[t]]).fma(DoubleVector.fromArray(DOUBLES, w, inputs[t] * n + j), c);
        }
        c.intoArray(lanes, 0);
        for (int col = j; col < n; col++) {
            double sum = lanes[col - j];
            for (int u = t; u < count; u++) {
                sum = Math.fma(x[xo + inputs[u]], w[inputs[u] * n + col], sum);
            }
            y[yo + col] = sum;
        }
    }

    private static DoubleVector start(double[] bias, int j) {
        return bias == null ? DoubleVector.zero(DOUBLES) : DoubleVector.fromArray(DOUBLES, bias, j);
    }
}
