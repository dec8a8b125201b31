package dev.netc.runtime.io;

import java.nio.charset.StandardCharsets;

/** Shape arithmetic, NumPy-style formatting and name checks shared by the public types. */
final class Shapes {
    /** Most elements a Java array can reliably hold (some VMs reserve header words). */
    static final int MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    /** NumPy's own limit on dimensions (NPY_MAXDIMS in NumPy 2); also bounds header parsing. */
    static final int MAX_RANK = 64;

    private Shapes() {}

    /** NumPy's tuple formatting: {@code (4, 16)}, {@code (3,)}, {@code ()}. */
    static String format(int[] shape) {
        StringBuilder sb = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(shape[i]);
        }
        if (shape.length == 1) {
            sb.append(',');
        }
        return sb.append(')').toString();
    }

    /**
     * Why {@code shape} cannot describe a Java-held array, or {@code null} if it can. Checks rank,
     * non-negative dimensions and an element count of at most {@link #MAX_ELEMENTS}.
     */
    static String problem(int[] shape) {
        if (shape.length > MAX_RANK) {
            return "shape has " + shape.length + " dimensions, at most " + MAX_RANK + " are supported";
        }
        long count = 1;
        for (int d : shape) {
            if (d < 0) {
                return "shape " + format(shape) + " has a negative dimension";
            }
        }
        for (int d : shape) {
            // Once past MAX_ELEMENTS we stop multiplying, so the product cannot overflow a long.
            count *= d;
            if (count > MAX_ELEMENTS) {
                return tooBig(format(shape));
            }
        }
        return null;
    }

    static String tooBig(String shapeText) {
        return "shape " + shapeText + " has more elements than a Java array can hold (at most "
                + MAX_ELEMENTS + ")";
    }

    /** Element count of a shape already accepted by {@link #problem}. */
    static long size(int[] shape) {
        long count = 1;
        for (int d : shape) {
            count *= d;
        }
        return count;
    }

    /**
     * Why {@code name} cannot be an array name in an {@code .npz} file, or {@code null} if it can.
     * Names become zip entry names, so path separators and control characters are refused.
     */
    static String nameProblem(String name) {
        if (name.isEmpty()) {
            return "array name is empty";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '/' || c == '\\') {
                return "array name " + quote(name) + " contains a path separator";
            }
            if (Character.isISOControl(c)) {
                return "array name " + quote(name) + " contains a control character";
            }
        }
        if (hasLoneSurrogate(name)) {
            // A lone surrogate cannot be encoded in UTF-8, so the name would not read back.
            return "array name " + quote(name) + " is not valid Unicode";
        }
        // The zip format stores name lengths in 16 bits.
        if ((name + ".npy").getBytes(StandardCharsets.UTF_8).length > 0xFFFF) {
            return "array name is too long for a zip entry (" + name.length() + " characters)";
        }
        return null;
    }

    private static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /**
     * {@code 'text'} for messages: control characters escaped and very long text shortened, so a
     * hostile name cannot garble or flood an error message.
     */
    static String quote(String text) {
        StringBuilder sb = new StringBuilder("'");
        int limit = 120;
        for (int i = 0; i < text.length(); i++) {
            if (i == limit) {
                sb.append("...");
                break;
            }
            char c = text.charAt(i);
            if (c == '\'' || c == '\\') {
                sb.append('\\').append(c);
            } else if (Character.isISOControl(c)) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.append('\'').toString();
    }
}
