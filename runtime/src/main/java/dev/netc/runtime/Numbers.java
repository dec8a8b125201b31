package dev.netc.runtime;

/** Formats numbers the way the language writes them. */
public final class Numbers {
    private Numbers() {}

    /** The shortest text that reads back as {@code value}: {@code 0.1}, {@code 2}, {@code 1.0E-5}. */
    public static String format(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return Double.toString(value);
    }
}
