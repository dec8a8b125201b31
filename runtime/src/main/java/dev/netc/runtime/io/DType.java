package dev.netc.runtime.io;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The element types an {@code .npy} array may hold here: little-endian IEEE 754 floats of 4 or 8
 * bytes, which weight files hold ({@link #FLOATS}), and the integer and bool types NumPy gives class
 * labels, which data files may hold too.
 *
 * <p>The names follow NumPy's {@code descr} strings, which is what an {@code .npy} header stores.
 *
 * <p>Thread-safe: an enum without mutable state.
 */
public enum DType {
    /** {@code float32}, stored as {@code '<f4'}; held in Java as {@code float}. */
    F4("<f4", 4),
    /** {@code float64}, stored as {@code '<f8'}; held in Java as {@code double}. */
    F8("<f8", 8),
    /** {@code int8}, stored as {@code '|i1'}; this and the other integer types are held as {@code long}. */
    I1("|i1", 1),
    /** {@code int16}, stored as {@code '<i2'}. */
    I2("<i2", 2),
    /** {@code int32}, stored as {@code '<i4'}. */
    I4("<i4", 4),
    /** {@code int64}, stored as {@code '<i8'}. */
    I8("<i8", 8),
    /** {@code uint8}, stored as {@code '|u1'}. */
    U1("|u1", 1),
    /** {@code uint16}, stored as {@code '<u2'}. */
    U2("<u2", 2),
    /** {@code uint32}, stored as {@code '<u4'}. */
    U4("<u4", 4),
    /** {@code uint64}, stored as {@code '<u8'}; values from 2^63 up are held as their two's-complement bits. */
    U8("<u8", 8),
    /** {@code bool}, stored as {@code '|b1'}, one byte each; held as 0 and 1. */
    BOOL("|b1", 1);

    /** The types of weight files, and all that a reader accepts unless it is given others. */
    public static final Set<DType> FLOATS = Collections.unmodifiableSet(EnumSet.of(F4, F8));

    private final String descr;
    private final int itemSize;

    DType(String descr, int itemSize) {
        this.descr = descr;
        this.itemSize = itemSize;
    }

    /** The NumPy type string written in an {@code .npy} header, e.g. {@code "<f4"} or {@code "|u1"}. */
    public String descr() {
        return descr;
    }

    /** Bytes per element: 1, 2, 4 or 8. */
    public int itemSize() {
        return itemSize;
    }

    /** Whether elements are floats ({@link #F4}, {@link #F8}) rather than integers or bools. */
    public boolean isFloat() {
        return this == F4 || this == F8;
    }

    /**
     * The dtype whose {@link #descr()} is {@code descr}, if any. One-byte types have no byte order, so
     * NumPy reads {@code '<u1'}, {@code '>u1'} and {@code '=u1'} as {@code '|u1'}, and so does this.
     */
    public static Optional<DType> fromDescr(String descr) {
        for (DType t : values()) {
            if (t.descr.equals(descr) || t.itemSize == 1 && descr.length() == 3 && "<>=|".indexOf(descr.charAt(0)) >= 0
                    && t.descr.regionMatches(1, descr, 1, 2)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
