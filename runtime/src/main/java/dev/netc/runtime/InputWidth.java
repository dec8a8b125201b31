package dev.netc.runtime;

/** The one wording of "wrong input width", shared by the interpreter and generated classes. */
public final class InputWidth {
    private InputWidth() {}

    /** For a single sample. */
    public static String message(int expected, int actual) {
        return "expected an input of width " + expected + " but got width " + actual;
    }

    /** For row {@code row} of a batch. */
    public static String message(int expected, int actual, int row) {
        return "expected inputs of width " + expected + " but row " + row + " has width " + actual;
    }

    /** Throws {@link IllegalArgumentException} unless {@code actual == expected}. */
    public static void check(int expected, int actual) {
        if (actual != expected) {
            throw new IllegalArgumentException(message(expected, actual));
        }
    }
}
