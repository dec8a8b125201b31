package dev.netc.runtime.math;

/**
 * NumPy's legacy random generator ({@code numpy.random.RandomState}, MT19937), bit for bit,
 * so that {@code seed 0} in netc gives the same numbers as {@code np.random.seed(0)}.
 *
 * <p>Covers what the default initializer needs: {@code np.random.randn(...)} (and so the
 * tutorial's {@code np.random.randn(n_inputs, n_neurons) * 0.1}),
 * {@code np.random.random_sample()} and {@code np.random.uniform(low, high)}. An array of
 * shape {@code (a, b)} from NumPy is filled in C (row-major) order, one value per call here.
 * Calls may be interleaved in any order, exactly as on a NumPy {@code RandomState}:
 * {@link #nextGaussian()} produces normals in pairs and keeps the second one for the next
 * call, even across {@link #nextDouble()} or {@link #nextUniform} calls, as NumPy does.
 *
 * <p>Seeding:
 * <ul>
 *   <li>{@code 0 <= seed <= 2^32 - 1}: exactly {@code np.random.seed(seed)} (the
 *       Mersenne Twister's {@code init_genrand}).
 *   <li>any other long (negative, or {@code >= 2^32}; NumPy rejects these as an int seed):
 *       exactly {@code np.random.seed(np.array([low, high], dtype=np.uint32))}, where
 *       {@code low = seed & 0xffffffff} and {@code high = seed >>> 32} (the twister's
 *       {@code init_by_array} with a key of length 2). So {@code -1} matches
 *       {@code np.random.seed([0xffffffff, 0xffffffff])} and {@code 2^32} matches
 *       {@code np.random.seed([0, 1])}.
 * </ul>
 *
 * <p>Reproducibility: the results are the same on every JVM and platform. NumPy's normal
 * generator calls the C library's {@code log}, so NumPy itself gives platform-dependent
 * bits; this class reproduces glibc's {@code log} exactly (see {@code GlibcLog}), i.e.
 * NumPy on Linux (glibc 2.28 or later; x86-64 with FMA, or AArch64). Checked on glibc
 * 2.36 against NumPy 1.24 (22 million normals, 11 seeds) and 2.4: no difference.
 * {@link StrictMath#log} is deliberately not used: it differs from glibc's log often
 * enough that about 3% of the normals would be off by 1-3 ulp. Against NumPy on other C
 * libraries (macOS, Windows, glibc on x86-64 without FMA) some normal pairs may differ in
 * the last bits, because NumPy's own results differ there. {@link #nextUint32()}, {@link #nextDouble()} and {@link #nextUniform} are
 * exact integer arithmetic plus correctly rounded operations, identical everywhere.
 *
 * <p>Not thread-safe: an instance has mutable state and no synchronization; use one per
 * thread or guard it externally.
 */
public final class NumpyRandom {

    // MT19937 parameters (Matsumoto & Nishimura, 1998).
    private static final int N = 624;
    private static final int M = 397;
    private static final int MATRIX_A = 0x9908b0df;
    private static final int UPPER_MASK = 0x80000000;
    private static final int LOWER_MASK = 0x7fffffff;

    private final int[] mt = new int[N];
    private int pos;

    // NumPy's legacy "has_gauss"/"gauss": the second value of the last polar pair.
    private boolean hasGauss;
    private double gauss;

    /**
     * Creates a generator in the same state as {@code np.random.seed(seed)}; see the class
     * documentation for seeds outside {@code [0, 2^32 - 1]}.
     *
     * @param seed the seed
     */
    public NumpyRandom(long seed) {
        if (seed >= 0 && seed <= 0xffffffffL) {
            initGenrand((int) seed);
        } else {
            initByArray(new int[] {(int) seed, (int) (seed >>> 32)});
        }
        hasGauss = false;
        gauss = 0.0;
    }

    private void initGenrand(int s) {
        mt[0] = s;
        for (int i = 1; i < N; i++) {
            // Unsigned 32-bit arithmetic: int multiplication wraps mod 2^32 as C's uint32_t does.
            mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
        }
        pos = N;
    }

    private void initByArray(int[] key) {
        initGenrand(19650218);
        int i = 1;
        int j = 0;
        for (int k = Math.max(N, key.length); k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1664525)) + key[j] + j;
            i++;
            j++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if (j >= key.length) {
                j = 0;
            }
        }
        for (int k = N - 1; k > 0; k--) {
            mt[i] = (mt[i] ^ ((mt[i - 1] ^ (mt[i - 1] >>> 30)) * 1566083941)) - i;
            i++;
            if (i >= N) {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x80000000; // MSB set: guarantees a non-zero state
        pos = N;
    }

    /** Regenerates all N words of state (the twist). */
    private void generate() {
        int i = 0;
        int y;
        for (; i < N - M; i++) {
            y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + M] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        for (; i < N - 1; i++) {
            y = (mt[i] & UPPER_MASK) | (mt[i + 1] & LOWER_MASK);
            mt[i] = mt[i + (M - N)] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        }
        y = (mt[N - 1] & UPPER_MASK) | (mt[0] & LOWER_MASK);
        mt[N - 1] = mt[M - 1] ^ (y >>> 1) ^ (-(y & 1) & MATRIX_A);
        pos = 0;
    }

    /**
     * Returns the next raw 32-bit output of the Mersenne Twister, as NumPy's
     * {@code MT19937.random_raw()} would.
     *
     * @return the 32 bits as an int; the value is unsigned, so use
     *     {@link Integer#toUnsignedLong(int)} to get it in {@code [0, 2^32 - 1]}
     */
    public int nextUint32() {
        if (pos == N) {
            generate();
        }
        int y = mt[pos++];
        // Tempering.
        y ^= y >>> 11;
        y ^= (y << 7) & 0x9d2c5680;
        y ^= (y << 15) & 0xefc60000;
        y ^= y >>> 18;
        return y;
    }

    /**
     * Returns the next double in {@code [0, 1)}, exactly NumPy's {@code random_sample()}:
     * 53 random bits from two outputs, {@code ((a >>> 5) * 2^26 + (b >>> 6)) / 2^53}.
     *
     * @return a uniform double in [0, 1)
     */
    public double nextDouble() {
        // Two statements, so the first output is always the high part (as in NumPy's C).
        int a = nextUint32() >>> 5;
        int b = nextUint32() >>> 6;
        return (a * 67108864.0 + b) / 9007199254740992.0;
    }

    /**
     * Returns the next standard normal value, exactly NumPy's legacy {@code randn()} /
     * {@code standard_normal()}: the polar Box–Muller method, returning one value of each
     * pair and caching the other for the next call.
     *
     * @return a standard normal double
     */
    public double nextGaussian() {
        if (hasGauss) {
            double cached = gauss;
            hasGauss = false;
            gauss = 0.0;
            return cached;
        }
        double x1;
        double x2;
        double r2;
        do {
            x1 = 2.0 * nextDouble() - 1.0;
            x2 = 2.0 * nextDouble() - 1.0;
            r2 = x1 * x1 + x2 * x2;
        } while (r2 >= 1.0 || r2 == 0.0);
        // glibc's log, not StrictMath's: NumPy calls the C library (see the class comment).
        double f = StrictMath.sqrt(-2.0 * GlibcLog.log(r2) / r2);
        gauss = f * x1;
        hasGauss = true;
        return f * x2;
    }

    /**
     * Returns the next value of {@code np.random.uniform(low, high)}, that is
     * {@code low + (high - low) * random_sample()}. As in NumPy, {@code low > high} is
     * allowed (the result then lies in {@code (high, low]}).
     *
     * @param low the lower bound (inclusive)
     * @param high the upper bound (exclusive, up to rounding)
     * @return a uniform double between low and high
     * @throws IllegalArgumentException if {@code high - low} is not finite (NumPy raises
     *     OverflowError); no random number is consumed in that case
     */
    public double nextUniform(double low, double high) {
        double range = high - low;
        if (!Double.isFinite(range)) {
            throw new IllegalArgumentException(
                    "high - low range exceeds valid bounds: low=" + low + ", high=" + high);
        }
        return low + range * nextDouble();
    }
}
