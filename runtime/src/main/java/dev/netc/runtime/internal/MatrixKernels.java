package dev.netc.runtime.internal;

import java.lang.System.Logger.Level;
import java.lang.reflect.InvocationTargetException;
import java.util.Optional;

/**
 * Dense products on row-major arrays; the implementation is chosen once, when the class is first used.
 *
 * <p>Two implementations, chosen as Apache Lucene's {@code VectorizationProvider} does: plain Java
 * loops, always there, shaped so that C2 vectorizes their inner loops; and register-blocked kernels
 * written with the incubating Vector API, compiled against {@code jdk.incubator.vector} and loaded
 * by reflection only when the JVM was started with {@code --add-modules jdk.incubator.vector} (so a
 * JVM without the module never links a vector class) and the system property
 * {@value #VECTOR_PROPERTY} is not {@code false}. When the module is missing, the first product
 * large enough to gain from it logs one hint (INFO) that names the flag.
 *
 * <p>Every product overwrites its output {@code c}, which must not share an array with an input.
 * Arrays may be longer than the sizes say; only their leading elements are read or written; a
 * negative size or an array shorter than its size throws {@link IllegalArgumentException}. Float
 * results may differ from a sequential sum in the last bits, and between the implementations (the
 * order of additions differs, and with the Vector API it depends on the machine's vector width).
 *
 * <p>Thread-safe: implementations keep no state but per-thread scratch arrays (for transposes and
 * copies of rows), which grow to the largest product a thread has run and stay; once they have,
 * and once C2 has compiled the Vector API kernels (until then the incubating API allocates its
 * vectors on the heap), products allocate nothing.
 */
public abstract class MatrixKernels {
    /** The system property that forces plain Java when set to {@code false}. */
    public static final String VECTOR_PROPERTY = "netc.vector";

    static final String VECTOR_MODULE = "jdk.incubator.vector";
    static final String VECTOR_IMPLEMENTATION = "dev.netc.runtime.internal.VectorMatrixKernels";

    MatrixKernels() {}

    /** The implementation chosen when this class was first used. */
    public static MatrixKernels get() {
        return Holder.INSTANCE;
    }

    /** What runs the products, e.g. {@code "plain Java"} or {@code "Vector API, 512-bit"}. */
    public abstract String description();

    /**
     * Whether these products run on the Vector API. Generated classes read it once, into a static
     * final field, and take their batches through {@link #multiply} only when it holds: plain Java
     * products are no faster than their own loops.
     */
    public boolean vectorized() {
        return false;
    }

    /**
     * {@code c[m×n] = a[m×k]·b[k×n] + bias}: a dense layer's forward pass {@code Z = X·W + b}.
     *
     * @param bias {@code n} values added to every row of {@code c}, or {@code null} for none
     */
    public abstract void multiply(float[] a, float[] b, float[] bias, float[] c, int m, int k, int n);

    /**
     * {@code y[yo + j] = bias[j] + Σ_i x[xo + i]·w[i·n + j]} for {@code j < n}: one sample through a
     * dense layer, {@code y = x·W + b} with {@code W} row-major {@code k×n}. The Vector API keeps a
     * strip of outputs in registers along all inputs, so each weight is read once and each output
     * written once.
     *
     * @param bias {@code n} values, or {@code null} for none
     * @param skipZeros whether the weight rows of inputs that are zero may be skipped (after a ReLU
     *     about half are zero; the Vector API skips them when at least a quarter are): only when every
     *     weight is finite, as {@code 0·∞} is NaN
     */
    public abstract void multiplyRow(float[] x, int xo, float[] w, float[] bias, float[] y, int yo, int k, int n,
            boolean skipZeros);

    /** {@link #multiplyRow(float[], int, float[], float[], float[], int, int, int, boolean)} in double precision. */
    public abstract void multiplyRow(double[] x, int xo, double[] w, double[] bias, double[] y, int yo, int k, int n,
            boolean skipZeros);

    /** {@code c[k×n] = aᵀ·b} where {@code a} is {@code m×k} and {@code b} is {@code m×n}: {@code dW = Xᵀ·dZ}. */
    public abstract void multiplyTransposedA(float[] a, float[] b, float[] c, int m, int k, int n);

    /** {@code c[m×k] = a·bᵀ} where {@code a} is {@code m×n} and {@code b} is {@code k×n}: {@code dX = dZ·Wᵀ}. */
    public abstract void multiplyTransposedB(float[] a, float[] b, float[] c, int m, int n, int k);

    /** {@link #multiply(float[], float[], float[], float[], int, int, int)} in double precision. */
    public abstract void multiply(double[] a, double[] b, double[] bias, double[] c, int m, int k, int n);

    /** {@link #multiplyTransposedA(float[], float[], float[], int, int, int)} in double precision. */
    public abstract void multiplyTransposedA(double[] a, double[] b, double[] c, int m, int k, int n);

    /** {@link #multiplyTransposedB(float[], float[], float[], int, int, int)} in double precision. */
    public abstract void multiplyTransposedB(double[] a, double[] b, double[] c, int m, int n, int k);

    /**
     * {@code sums[j] = Σ_r d[r·width + j]} for {@code j < width}: a bias's gradient, the column sums of
     * {@code rows} rows. Plain Java sums four rows a pass, so each partial sum is stored once per four rows.
     */
    public void columnSums(float[] d, int rows, int width, float[] sums) {
        java.util.Arrays.fill(sums, 0, width, 0f);
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sums[j] += (d[o + j] + d[o + width + j]) + (d[o + 2 * width + j] + d[o + 3 * width + j]);
            }
        }
        for (; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sums[j] += d[o + j];
            }
        }
    }

    /** {@link #columnSums(float[], int, int, float[])} in double precision. */
    public void columnSums(double[] d, int rows, int width, double[] sums) {
        java.util.Arrays.fill(sums, 0, width, 0d);
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sums[j] += (d[o + j] + d[o + width + j]) + (d[o + 2 * width + j] + d[o + 3 * width + j]);
            }
        }
        for (; r < rows; r++) {
            int o = r * width;
            for (int j = 0; j < width; j++) {
                sums[j] += d[o + j];
            }
        }
    }

    @Override
    public String toString() {
        return "MatrixKernels[" + description() + "]";
    }

    /** The plain Java implementation, whatever {@link #get()} chose. */
    static MatrixKernels plain() {
        return PlainMatrixKernels.QUIET;
    }

    /**
     * The Vector API implementation, if the module is readable and the machine has vectors of at
     * least 128 bits; whatever {@value #VECTOR_PROPERTY} says.
     */
    static Optional<MatrixKernels> vector() {
        if (!vectorModulePresent()) {
            return Optional.empty();
        }
        try {
            // Loaded by name, so that nothing links the class (and with it jdk.incubator.vector)
            // unless the module is there.
            Class<?> type = Class.forName(VECTOR_IMPLEMENTATION);
            return Optional.ofNullable((MatrixKernels) type.getDeclaredMethod("createIfUseful").invoke(null));
        } catch (ClassNotFoundException | NoSuchMethodException | IllegalAccessException e) {
            throw new LinkageError("netc-runtime is missing its Vector API kernels", e);
        } catch (InvocationTargetException e) {
            throw new LinkageError("netc-runtime could not start its Vector API kernels", e.getCause());
        }
    }

    static boolean vectorModulePresent() {
        return ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
    }

    private static MatrixKernels choose() {
        boolean disabled = "false".equals(property());
        if (!vectorModulePresent()) {
            return disabled ? PlainMatrixKernels.QUIET : PlainMatrixKernels.HINTING;
        }
        if (disabled) {
            return PlainMatrixKernels.QUIET;
        }
        System.Logger log = System.getLogger(MatrixKernels.class.getName());
        try {
            Optional<MatrixKernels> vector = vector();
            if (vector.isEmpty()) {
                log.log(Level.DEBUG, "netc: no vectors of 128 bits or more on this machine; dense products run on plain Java");
            }
            return vector.orElse(PlainMatrixKernels.QUIET);
        } catch (LinkageError e) {
            // A broken jar or an unexpected JDK should slow netc down, not stop it.
            log.log(Level.WARNING, "netc: the Vector API kernels failed to load; dense products run on plain Java", e);
            return PlainMatrixKernels.QUIET;
        }
    }

    private static String property() {
        try {
            return System.getProperty(VECTOR_PROPERTY);
        } catch (SecurityException e) {
            return null;
        }
    }

    /** Chosen on first use of {@link #get()}, not when the class is loaded for {@link #plain()}. */
    private static final class Holder {
        static final MatrixKernels INSTANCE = choose();
    }
}
