package dev.netc.runtime.internal;

/**
 * What the running JDK's JIT compiler vectorizes, for generated classes that have several ways to
 * write the same loops. Every way rounds the same operations in the same order, so the results are
 * identical; only the speed differs.
 *
 * <p>Thread-safe: constants.
 */
public final class JitVectorizer {
    /** The system property that overrides {@link #SHARED_WEIGHT_LOADS}: {@code true} or {@code false}. */
    public static final String SHARED_WEIGHT_LOADS_PROPERTY = "netc.sharedWeightLoads";

    /**
     * Whether the JIT vectorizes a batch pass that adds four inputs of two rows with each weight
     * loaded once for both rows. C2 cannot tell an output row from a weight row (both are
     * {@code float[]}), so when a pass is written plainly it loads every weight again after storing
     * each row; with the weights in locals it does not. JDK 25's C2 vectorizes that form for two rows
     * of four inputs (784-512-512-10 x 256: 8.4 -> 6.4 ms); JDK 17's leaves it scalar and vectorizes
     * it only for smaller passes, which generated classes then use: three rows of two inputs
     * (784-512-512-10 x 256: 7.4-8.5 -> 6.0-6.6 ms, 784-128-10 x 64: 6-8 % faster). True from JDK 25,
     * unless the system property {@value #SHARED_WEIGHT_LOADS_PROPERTY} says otherwise. A static final,
     * so the JIT keeps only the chosen loops.
     */
    public static final boolean SHARED_WEIGHT_LOADS = sharedWeightLoads();

    private JitVectorizer() {}

    private static boolean sharedWeightLoads() {
        boolean byJdk = Runtime.version().feature() >= 25;
        try {
            return Boolean.parseBoolean(System.getProperty(SHARED_WEIGHT_LOADS_PROPERTY, Boolean.toString(byJdk)));
        } catch (SecurityException e) {
            // A security manager that hides system properties: the JDK's default still holds.
            return byJdk;
        }
    }
}
