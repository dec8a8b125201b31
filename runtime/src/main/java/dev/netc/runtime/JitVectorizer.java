package dev.netc.runtime;

/**
 * What the running JDK's JIT compiler vectorizes, for generated classes that have two ways to write
 * the same loop. Both ways compute the same values in the same order; only their speed differs.
 *
 * <p>Thread-safe: constants.
 */
public final class JitVectorizer {
    /** The system property that overrides {@link #SHARED_WEIGHT_LOADS}: {@code true} or {@code false}. */
    public static final String SHARED_WEIGHT_LOADS_PROPERTY = "netc.sharedWeightLoads";

    /**
     * Whether a batch pass loads each weight once for both rows it updates. C2 cannot tell an output
     * row from a weight row (both are {@code float[]}), so the plain form loads every weight again
     * after storing the first row; with the weights in locals it does not, but JDK 17's C2 then leaves
     * the loop scalar (784-128-10 x 64: 4x slower), while JDK 25's vectorizes it (784-512-512-10 x 256:
     * 8.1 -> 6.2 ms). True from JDK 25, unless the system property {@value #SHARED_WEIGHT_LOADS_PROPERTY}
     * says otherwise. A static final, so the JIT keeps only the chosen loop.
     */
    public static final boolean SHARED_WEIGHT_LOADS = Boolean.parseBoolean(System.getProperty(
            SHARED_WEIGHT_LOADS_PROPERTY, Boolean.toString(Runtime.version().feature() >= 25)));

    private JitVectorizer() {}
}
