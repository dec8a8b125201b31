package dev.netc.runtime;

import dev.netc.runtime.io.NpyArray;
import java.util.Locale;
import java.util.Optional;

/**
 * The floating-point type a network computes in and exchanges with its caller.
 *
 * <p>Thread-safe: an enum without mutable state.
 */
public enum Precision {
    FLOAT("float", 4),
    DOUBLE("double", 8);

    private final String keyword;
    private final int bytes;

    Precision(String keyword, int bytes) {
        this.keyword = keyword;
        this.bytes = bytes;
    }

    /** The word used in the language ({@code precision float;}) and in Java. */
    public String keyword() {
        return keyword;
    }

    /** Bytes per value, for memory estimates. */
    public int bytes() {
        return bytes;
    }

    /** The largest finite value of the type: {@code Float.MAX_VALUE} or {@code Double.MAX_VALUE}. */
    public double largest() {
        return this == FLOAT ? Float.MAX_VALUE : Double.MAX_VALUE;
    }

    /** {@link #largest()} as Java prints it in the type: 3.4028235E38 or 1.7976931348623157E308. */
    public String largestText() {
        return this == FLOAT ? Float.toString(Float.MAX_VALUE) : Double.toString(Double.MAX_VALUE);
    }

    /**
     * {@code values} as an array of this precision ({@code <f4} or {@code <f8}), each rounded to the
     * nearest float for {@link #FLOAT}; a copy, whatever the precision.
     */
    public NpyArray array(String name, int[] shape, double[] values) {
        if (this == DOUBLE) {
            return NpyArray.ofDoubles(name, shape, values);
        }
        float[] floats = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            floats[i] = (float) values[i];
        }
        return NpyArray.ofFloats(name, shape, floats);
    }

    /** The precision named {@code keyword} in the language, if any. */
    public static Optional<Precision> byKeyword(String keyword) {
        for (Precision p : values()) {
            if (p.keyword.equals(keyword)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return keyword.toLowerCase(Locale.ROOT);
    }
}
