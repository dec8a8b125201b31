package dev.netc.runtime.io;

import java.util.Optional;

/**
 * The element types a weight file may hold: little-endian IEEE 754 floats of 4 or 8 bytes.
 *
 * <p>The names follow NumPy's {@code descr} strings, which is what an {@code .npy} header stores.
 *
 * <p>Thread-safe: an enum without mutable state.
 */
public enum DType {
    /** {@code float32}, stored as {@code '<f4'}; held in Java as {@code float}. */
    F4("<f4", 4),
    /** {@code float64}, stored as {@code '<f8'}; held in Java as {@code double}. */
    F8("<f8", 8);

    private final String descr;
    private final int itemSize;

    DType(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The NumPy type string written in an {@code .npy} header: {@code "<f4"} or {@code "<f8"}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element: 4 or 8. */
    public int itemSize() {
        return itemSize;
    }

    /** The dtype whose {@link #descr()} is exactly {@code descr}, if any. */
    public static Optional<DType> fromDescr(String descr) {
        for (DType t : values()) {
            if (t.descr.equals(descr)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
