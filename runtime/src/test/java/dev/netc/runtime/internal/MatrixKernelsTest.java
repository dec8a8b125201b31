package dev.netc.runtime.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every product of both implementations against a triple loop in double on seeded random data, for
 * every combination of the sizes below, which straddle the plain loops' unrolling by four, the
 * vector lengths (4, 8 or 16 lanes), the blocks of four rows and four vectors, and the switch to
 * dot products for narrow outputs.
 *
 * <p>Tolerance: each output of a sum over {@code depth} products may be off by
 * {@code (depth + 2)·u·(Σ|a·b| + |bias|)}, the textbook bound for a sum in any order with
 * {@code u} the unit roundoff (2⁻²⁴ for float, 2⁻⁵³ for double).
 *
 * <p>Inputs lie in longer arrays padded with NaN, so reading past the sizes shows; the output array
 * starts with garbage (products overwrite, never add) and its tail must stay untouched. The Vector API
 * implementation is tested when the JVM has the module: Maven runs these tests twice, once with
 * {@code --add-modules jdk.incubator.vector}.
 */
class MatrixKernelsTest {
    private static final int[] SIZES = {1, 2, 3, 7, 15, 16, 17, 63, 64, 65, 130};
    private static final int PADDING = 5;
    private static final float SENTINEL = 12345.5f;

    enum Product {
        MULTIPLY, TRANSPOSED_A, TRANSPOSED_B
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyFloat(boolean vector) {
        checkAllSizes(kernels(vector), Product.MULTIPLY, true);
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyTransposedAFloat(boolean vector) {
        checkAllSizes(kernels(vector), Product.TRANSPOSED_A, true);
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyTransposedBFloat(boolean vector) {
        checkAllSizes(kernels(vector), Product.TRANSPOSED_B, true);
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyDouble(boolean vector) {
        checkAllSizes(kernels(vector), Product.MULTIPLY, false);
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyTransposedADouble(boolean vector) {
        checkAllSizes(kernels(vector), Product.TRANSPOSED_A, false);
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyTransposedBDouble(boolean vector) {
        checkAllSizes(kernels(vector), Product.TRANSPOSED_B, false);
    }

    @Test
    void getChoosesTheVectorApiWhenTheModuleIsThereUnlessTurnedOff() {
        boolean expectVector = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"false".equals(System.getProperty(MatrixKernels.VECTOR_PROPERTY));
        assertThat(MatrixKernels.get().description()).startsWith(expectVector ? "Vector API, " : "plain Java");
        assertThat(MatrixKernels.get()).isSameAs(MatrixKernels.get());
        // The build's second run is the one with the module: a lost --add-modules would skip every vector case.
        if (Boolean.getBoolean("netc.expectVector")) {
            assertThat(MatrixKernels.get().vectorized()).as("the Vector API run").isTrue();
        }
    }

    @Test
    void theVectorApiIsOfferedExactlyWhenTheModuleIsThere() {
        assertThat(MatrixKernels.vector().isPresent())
                .isEqualTo(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent());
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void arraysShorterThanTheSizesAreRefused(boolean vector) {
        MatrixKernels kernels = kernels(vector);
        assertThatThrownBy(() -> kernels.multiply(new float[5], new float[6], null, new float[4], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a has 5 elements, fewer than 2×3");
        assertThatThrownBy(() -> kernels.multiply(new float[6], new float[6], new float[1], new float[4], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("bias has 1 elements, fewer than n = 2");
        assertThatThrownBy(() -> kernels.multiplyTransposedA(new double[6], new double[4], new double[5], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("c has 5 elements, fewer than 3×2");
        assertThatThrownBy(() -> kernels.multiplyTransposedB(new double[6], new double[5], new double[4], 2, 3, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("b has 5 elements, fewer than 2×3");
        assertThatThrownBy(() -> kernels.multiplyRow(new float[5], 2, new float[12], null, new float[3], 0, 4, 3, false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("x has 5 elements, fewer than 2 + 4");
        assertThatThrownBy(() -> kernels.multiplyRow(new double[4], 0, new double[12], null, new double[3], 1, 4, 3, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("y has 3 elements, fewer than 1 + 3");
        assertThatThrownBy(() -> kernels.multiplyRow(new float[4], -1, new float[12], null, new float[3], 0, 4, 3, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("negative offset: xo = -1, yo = 0");
    }

    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void emptyDepthGivesTheBiasOrZero(boolean vector) {
        MatrixKernels kernels = kernels(vector);
        float[] c = {9, 9, 9, 9};
        kernels.multiply(new float[0], new float[0], new float[] {1, 2}, c, 2, 0, 2);
        assertThat(c).containsExactly(1, 2, 1, 2);
        double[] d = {9, 9, 9, 9};
        kernels.multiplyTransposedA(new double[0], new double[0], d, 0, 2, 2);
        assertThat(d).containsExactly(0, 0, 0, 0);
    }

    /** Column sums (a bias's gradient) of every size, in float and double, the tails untouched. */
    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void columnSums(boolean vector) {
        MatrixKernels kernels = kernels(vector);
        java.util.Random random = new java.util.Random(11);
        for (int rows : SIZES) {
            for (int width : SIZES) {
                float[] d = new float[rows * width + PADDING];
                double[] dd = new double[rows * width + PADDING];
                for (int i = 0; i < d.length; i++) {
                    d[i] = i < rows * width ? (float) random.nextGaussian() : Float.NaN;
                    dd[i] = i < rows * width ? d[i] : Double.NaN;
                }
                float[] sums = new float[width + PADDING];
                double[] doubleSums = new double[width + PADDING];
                java.util.Arrays.fill(sums, SENTINEL);
                java.util.Arrays.fill(doubleSums, SENTINEL);
                kernels.columnSums(d, rows, width, sums);
                kernels.columnSums(dd, rows, width, doubleSums);
                for (int j = 0; j < width; j++) {
                    double exact = 0;
                    double magnitude = 0;
                    for (int r = 0; r < rows; r++) {
                        exact += dd[r * width + j];
                        magnitude += Math.abs(dd[r * width + j]);
                    }
                    assertThat((double) sums[j]).as("float sum of column %d of %d x %d", j, rows, width)
                            .isCloseTo(exact, org.assertj.core.api.Assertions.within((rows + 2) * 0x1p-24 * magnitude));
                    assertThat(doubleSums[j]).as("double sum of column %d of %d x %d", j, rows, width)
                            .isCloseTo(exact, org.assertj.core.api.Assertions.within((rows + 2) * 0x1p-53 * magnitude));
                }
                for (int j = width; j < width + PADDING; j++) {
                    assertThat(sums[j]).isEqualTo(SENTINEL);
                    assertThat(doubleSums[j]).isEqualTo(SENTINEL);
                }
            }
        }
    }

    /**
     * One sample through a dense layer, at offsets in arrays padded with NaN on both sides, for every
     * width class of the strips (eight, four and one vector, scalar columns) and the benchmark layers;
     * inputs have many zeros (a run at the start, as an image's border) or few, skipped or not.
     */
    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyRow(boolean vector) {
        MatrixKernels kernels = kernels(vector);
        Random random = new Random(8);
        int[] widths = {1, 3, 4, 5, 7, 15, 16, 17, 63, 64, 65, 127, 128, 129, 130, 200, 257, 512};
        for (int k : new int[] {1, 3, 4, 5, 9, 17, 63, 130, 784}) {
            for (int n : widths) {
                boolean withBias = random.nextBoolean();
                boolean skipZeros = random.nextBoolean();
                // Many zeros (as after a ReLU), or few (dense features): the Vector API lists them only if many.
                boolean manyZeros = random.nextBoolean();
                double[] x = random(random, k, true);
                for (int i = 0; i < k; i++) {
                    if (manyZeros ? i < 8 || random.nextInt(3) == 0 : random.nextInt(50) == 0) {
                        x[i] = 0;
                    }
                }
                double[] w = random(random, k * n, true);
                double[] bias = withBias ? random(random, n, true) : null;
                checkRow(kernels, x, w, bias, k, n, skipZeros, true);
                checkRow(kernels, x, w, bias, k, n, skipZeros, false);
            }
        }
    }

    /** Zeros are multiplied unless skipping is asked for: a zero input times an infinite weight is NaN, as in NumPy. */
    @ParameterizedTest(name = "vector API: {0}")
    @ValueSource(booleans = {false, true})
    void multiplyRowMultipliesZerosUnlessAskedToSkipThem(boolean vector) {
        MatrixKernels kernels = kernels(vector);
        for (int n : new int[] {3, 16, 40, 128}) {
            float[] x = new float[8];
            float[] w = new float[8 * n];
            Arrays.fill(w, Float.POSITIVE_INFINITY);
            float[] y = new float[n];
            kernels.multiplyRow(x, 0, w, null, y, 0, 8, n, false);
            assertThat(y).as("n = %d", n).containsOnly(Float.NaN);
        }
    }

    private static void checkRow(MatrixKernels kernels, double[] x, double[] w, double[] bias, int k, int n,
            boolean skipZeros, boolean single) {
        int xo = 3;
        int yo = 2;
        double[] actual = new double[yo + n + PADDING];
        if (single) {
            float[] fx = new float[xo + k + PADDING];
            Arrays.fill(fx, Float.NaN);
            for (int i = 0; i < k; i++) {
                fx[xo + i] = (float) x[i];
            }
            float[] fy = new float[actual.length];
            Arrays.fill(fy, SENTINEL);
            Arrays.fill(fy, yo, yo + n, Float.NaN);
            kernels.multiplyRow(fx, xo, padded(w), bias == null ? null : padded(bias), fy, yo, k, n, skipZeros);
            for (int i = 0; i < fy.length; i++) {
                actual[i] = fy[i];
            }
        } else {
            double[] dx = new double[xo + k + PADDING];
            Arrays.fill(dx, Double.NaN);
            System.arraycopy(x, 0, dx, xo, k);
            Arrays.fill(actual, SENTINEL);
            Arrays.fill(actual, yo, yo + n, Double.NaN);
            double[] dw = Arrays.copyOf(w, w.length + PADDING);
            Arrays.fill(dw, w.length, dw.length, Double.NaN);
            kernels.multiplyRow(dx, xo, dw, bias, actual, yo, k, n, skipZeros);
        }
        String shape = "row k=" + k + " n=" + n + (bias == null ? "" : " with bias") + (skipZeros ? " skipping zeros" : "")
                + (single ? " float " : " double ") + kernels.description();
        for (int j = 0; j < n; j++) {
            double sum = bias == null ? 0 : bias[j];
            double magnitude = bias == null ? 0 : Math.abs(bias[j]);
            for (int i = 0; i < k; i++) {
                sum += x[i] * w[i * n + j];
                magnitude += Math.abs(x[i] * w[i * n + j]);
            }
            double bound = (k + 2) * (single ? 0x1p-24 : 0x1p-53) * magnitude;
            assertThat(actual[yo + j]).as("%s: output %d", shape, j).isCloseTo(sum, org.assertj.core.data.Offset.offset(bound));
        }
        for (int i = 0; i < actual.length; i++) {
            if (i < yo || i >= yo + n) {
                assertThat(actual[i]).as("%s: element %d, outside the output", shape, i).isEqualTo(SENTINEL);
            }
        }
    }

    private static MatrixKernels kernels(boolean vector) {
        if (!vector) {
            return MatrixKernels.plain();
        }
        assumeThat(MatrixKernels.vector()).as("the JVM has jdk.incubator.vector").isPresent();
        return MatrixKernels.vector().orElseThrow();
    }

    private static void checkAllSizes(MatrixKernels kernels, Product product, boolean single) {
        Random random = new Random(20261208L + product.ordinal());
        for (int m : SIZES) {
            for (int k : SIZES) {
                for (int n : SIZES) {
                    boolean withBias = product == Product.MULTIPLY && random.nextBoolean();
                    check(kernels, product, single, m, k, n, withBias, random);
                }
            }
        }
        // Bias and no bias on the same shape, where both routes (saxpy and dot form) are taken.
        for (int[] shape : new int[][] {{300, 64, 3}, {65, 130, 64}, {17, 63, 7}}) {
            check(kernels, product, single, shape[0], shape[1], shape[2], false, random);
            check(kernels, product, single, shape[0], shape[1], shape[2], product == Product.MULTIPLY, random);
        }
    }

    /**
     * One product on random data in [-1, 1); the logical matrices are named as in
     * {@link MatrixKernels}: {@code a} is m×k for multiply and aᵀ·b, m×n for a·bᵀ, and so on.
     */
    private static void check(MatrixKernels kernels, Product product, boolean single, int m, int k, int n,
            boolean withBias, Random random) {
        // Logical operand sizes, and the output's rows × columns and the sum's depth.
        int aSize;
        int bSize;
        int rows;
        int cols;
        int depth;
        switch (product) {
            case MULTIPLY -> {
                aSize = m * k;
                bSize = k * n;
                rows = m;
                cols = n;
                depth = k;
            }
            case TRANSPOSED_A -> {
                aSize = m * k;
                bSize = m * n;
                rows = k;
                cols = n;
                depth = m;
            }
            default -> {
                aSize = m * n;
                bSize = k * n;
                rows = m;
                cols = k;
                depth = n;
            }
        }
        double[] a = random(random, aSize, single);
        double[] b = random(random, bSize, single);
        double[] bias = withBias ? random(random, cols, single) : null;
        double[] expected = new double[rows * cols];
        double[] bound = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int j = 0; j < cols; j++) {
                double sum = bias == null ? 0 : bias[j];
                double magnitude = bias == null ? 0 : Math.abs(bias[j]);
                for (int d = 0; d < depth; d++) {
                    double x = switch (product) {
                        case MULTIPLY -> a[r * k + d];
                        case TRANSPOSED_A -> a[d * k + r];
                        case TRANSPOSED_B -> a[r * n + d];
                    };
                    double y = switch (product) {
                        case MULTIPLY, TRANSPOSED_A -> b[d * n + j];
                        case TRANSPOSED_B -> b[j * n + d];
                    };
                    sum += x * y;
                    magnitude += Math.abs(x * y);
                }
                expected[r * cols + j] = sum;
                bound[r * cols + j] = (depth + 2) * (single ? 0x1p-24 : 0x1p-53) * magnitude;
            }
        }

        double[] actual = single
                ? runFloat(kernels, product, a, b, bias, m, k, n, rows * cols)
                : runDouble(kernels, product, a, b, bias, m, k, n, rows * cols);
        String shape = product + " m=" + m + " k=" + k + " n=" + n + (bias == null ? "" : " with bias")
                + (single ? " float " : " double ") + kernels.description();
        for (int i = 0; i < rows * cols; i++) {
            if (!(Math.abs(actual[i] - expected[i]) <= bound[i])) {
                assertThat(actual[i]).as("%s: element (%d, %d)", shape, i / cols, i % cols)
                        .isCloseTo(expected[i], org.assertj.core.data.Offset.offset(bound[i]));
            }
        }
        for (int i = rows * cols; i < actual.length; i++) {
            assertThat(actual[i]).as("%s: element %d, past the output", shape, i).isEqualTo(SENTINEL);
        }
    }

    private static double[] runFloat(MatrixKernels kernels, Product product, double[] a, double[] b, double[] bias,
            int m, int k, int n, int outputs) {
        float[] fa = padded(a);
        float[] fb = padded(b);
        float[] fbias = bias == null ? null : padded(bias);
        float[] c = new float[outputs + PADDING];
        Arrays.fill(c, 0, outputs, Float.NaN);
        Arrays.fill(c, outputs, c.length, SENTINEL);
        switch (product) {
            case MULTIPLY -> kernels.multiply(fa, fb, fbias, c, m, k, n);
            case TRANSPOSED_A -> kernels.multiplyTransposedA(fa, fb, c, m, k, n);
            case TRANSPOSED_B -> kernels.multiplyTransposedB(fa, fb, c, m, n, k);
        }
        double[] result = new double[c.length];
        for (int i = 0; i < c.length; i++) {
            result[i] = c[i];
        }
        return result;
    }

    private static double[] runDouble(MatrixKernels kernels, Product product, double[] a, double[] b, double[] bias,
            int m, int k, int n, int outputs) {
        double[] da = Arrays.copyOf(a, a.length + PADDING);
        Arrays.fill(da, a.length, da.length, Double.NaN);
        double[] db = Arrays.copyOf(b, b.length + PADDING);
        Arrays.fill(db, b.length, db.length, Double.NaN);
        double[] dbias = null;
        if (bias != null) {
            dbias = Arrays.copyOf(bias, bias.length + PADDING);
            Arrays.fill(dbias, bias.length, dbias.length, Double.NaN);
        }
        double[] c = new double[outputs + PADDING];
        Arrays.fill(c, 0, outputs, Double.NaN);
        Arrays.fill(c, outputs, c.length, SENTINEL);
        switch (product) {
            case MULTIPLY -> kernels.multiply(da, db, dbias, c, m, k, n);
            case TRANSPOSED_A -> kernels.multiplyTransposedA(da, db, c, m, k, n);
            case TRANSPOSED_B -> kernels.multiplyTransposedB(da, db, c, m, n, k);
        }
        return c;
    }

    /** Values in [-1, 1), floats if {@code single} so that both precisions see exact inputs. */
    private static double[] random(Random random, int size, boolean single) {
        double[] values = new double[size];
        for (int i = 0; i < size; i++) {
            double x = random.nextDouble() * 2 - 1;
            values[i] = single ? (float) x : x;
        }
        return values;
    }

    private static float[] padded(double[] values) {
        float[] result = new float[values.length + PADDING];
        for (int i = 0; i < values.length; i++) {
            result[i] = (float) values[i];
        }
        Arrays.fill(result, values.length, result.length, Float.NaN);
        return result;
    }
}
