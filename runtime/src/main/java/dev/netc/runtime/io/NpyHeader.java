package dev.netc.runtime.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * What one {@code .npy} header in a weight file says, already parsed and sanity-checked.
 *
 * <p>The reader builds one per array and hands it to a {@link HeaderCheck} before reading any
 * data. By then the shape is known to have non-negative dimensions, at most 64 of them, and at most
 * {@link #MAX_ELEMENTS} elements in total, so {@link #size()} and {@link #dataBytes()} are exact.
 *
 * @param name the array's name: the zip entry name without {@code .npy}
 * @param dtype the element type
 * @param shape the dimensions, outermost first; empty for a 0-d (scalar) array. The record keeps
 *     its own copy and {@link #shape()} returns a fresh copy.
 * @param fortranOrder whether the file stores the data in column-major order (the reader always
 *     returns row-major data)
 *
 * <p>Immutable and thread-safe.
 */
public record NpyHeader(String name, DType dtype, int[] shape, boolean fortranOrder) {
    /** Most elements an array may have: the largest a Java array can reliably hold. */
    public static final int MAX_ELEMENTS = Shapes.MAX_ELEMENTS;

    /**
     * @throws IllegalArgumentException if the shape has a negative dimension, more than 64
     *     dimensions or more than {@link #MAX_ELEMENTS} elements
     */
    public NpyHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = Objects.requireNonNull(shape, "shape").clone();
        String problem = Shapes.problem(shape);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** A copy of the dimensions. */
    @Override
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements: the product of the dimensions (1 for a scalar). */
    public long size() {
        return Shapes.size(shape);
    }

    /** Bytes of data the entry must hold after its header: {@code size() * dtype().itemSize()}. */
    public long dataBytes() {
        return size() * dtype.itemSize();
    }

    /** The shape as NumPy prints it: {@code (4, 16)}, {@code (3,)}, {@code ()}. */
    public String shapeString() {
        return Shapes.format(shape);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NpyHeader h
                && name.equals(h.name)
                && dtype == h.dtype
                && Arrays.equals(shape, h.shape)
                && fortranOrder == h.fortranOrder;
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape), fortranOrder);
    }

    @Override
    public String toString() {
        return "NpyHeader[name=" + Shapes.quote(name) + ", dtype=" + dtype.descr() + ", shape="
                + shapeString() + ", fortranOrder=" + fortranOrder + "]";
    }
}
