package dev.netc.runtime;

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
