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
 * time in vectors along the depth and reduces them at the end.
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
     * One sample: strips of eight vectors of outputs stay in registers along all listed inputs (with
     * eight independent chains of multiply-adds, enough to keep both FMA units busy; one strip reads
     * each weight once and writes each output once), then strips of four and of one vector, then
     * columns four at a time in scalars.
     */
    @Override
    void gemv(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count) {
        int j = 0;
        for (; j + 8 * FLOAT_LANES <= n; j += 8 * FLOAT_LANES) {
            strip8(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 * FLOAT_LANES <= n; j += 4 * FLOAT_LANES) {
            strip4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + FLOAT_LANES <= n; j += FLOAT_LANES) {
            strip1(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 <= n; j += 4) {
            columns4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j < n; j++) {
            float sum = bias == null ? 0f : bias[j];
            for (int t = 0; t < count; t++) {
                int q = inputs[t];
                sum = Math.fma(x[xo + q], w[q * n + j], sum);
            }
            y[yo + j] = sum;
        }
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

    /** Four columns after the last whole vector: four independent chains of scalar multiply-adds. */
    private static void columns4(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int n, int[] inputs, int count, int j) {
        float s0 = bias == null ? 0f : bias[j];
        float s1 = bias == null ? 0f : bias[j + 1];
        float s2 = bias == null ? 0f : bias[j + 2];
        float s3 = bias == null ? 0f : bias[j + 3];
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            float xi = x[xo + q];
            int o = q * n + j;
            s0 = Math.fma(xi, w[o], s0);
            s1 = Math.fma(xi, w[o + 1], s1);
            s2 = Math.fma(xi, w[o + 2], s2);
            s3 = Math.fma(xi, w[o + 3], s3);
        }
        y[yo + j] = s0;
        y[yo + j + 1] = s1;
        y[yo + j + 2] = s2;
        y[yo + j + 3] = s3;
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
     * One sample: strips of eight vectors of outputs stay in registers along all listed inputs (with
     * eight independent chains of multiply-adds, enough to keep both FMA units busy; one strip reads
     * each weight once and writes each output once), then strips of four and of one vector, then
     * columns four at a time in scalars.
     */
    @Override
    void gemv(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count) {
        int j = 0;
        for (; j + 8 * DOUBLE_LANES <= n; j += 8 * DOUBLE_LANES) {
            strip8(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 * DOUBLE_LANES <= n; j += 4 * DOUBLE_LANES) {
            strip4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + DOUBLE_LANES <= n; j += DOUBLE_LANES) {
            strip1(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j + 4 <= n; j += 4) {
            columns4(x, xo, w, bias, y, yo, n, inputs, count, j);
        }
        for (; j < n; j++) {
            double sum = bias == null ? 0d : bias[j];
            for (int t = 0; t < count; t++) {
                int q = inputs[t];
                sum = Math.fma(x[xo + q], w[q * n + j], sum);
            }
            y[yo + j] = sum;
        }
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

    /** Four columns after the last whole vector: four independent chains of scalar multiply-adds. */
    private static void columns4(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int n, int[] inputs, int count, int j) {
        double s0 = bias == null ? 0d : bias[j];
        double s1 = bias == null ? 0d : bias[j + 1];
        double s2 = bias == null ? 0d : bias[j + 2];
        double s3 = bias == null ? 0d : bias[j + 3];
        for (int t = 0; t < count; t++) {
            int q = inputs[t];
            double xi = x[xo + q];
            int o = q * n + j;
            s0 = Math.fma(xi, w[o], s0);
            s1 = Math.fma(xi, w[o + 1], s1);
            s2 = Math.fma(xi, w[o + 2], s2);
            s3 = Math.fma(xi, w[o + 3], s3);
        }
        y[yo + j] = s0;
        y[yo + j + 1] = s1;
        y[yo + j + 2] = s2;
        y[yo + j + 3] = s3;
    }

    private static DoubleVector start(double[] bias, int j) {
        return bias == null ? DoubleVector.zero(DOUBLES) : DoubleVector.fromArray(DOUBLES, bias, j);
    }
}
