package dev.netc.runtime.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named array of a weight file: a name, a dtype, a shape and the elements in C (row-major)
 * order, whatever order the file stored them in.
 *
 * <p>Instances are immutable: the factories copy the data they are given and the accessors return
 * copies, so an array read from a file can be shared freely. {@link DType#F4} arrays hold {@code
 * float}s and {@link DType#F8} arrays hold {@code double}s; each can be read in either precision.
 *
 * <p>Immutable and thread-safe: accessors return copies.
 */
public final class NpyArray {
    private final String name;
    private final DType dtype;
    private final int[] shape;
    // Exactly one of these is non-null, matching dtype; its length is the product of shape.
    private final float[] floats;
    private final double[] doubles;

    private NpyArray(String name, DType dtype, int[] shape, float[] floats, double[] doubles) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
    }

    /**
     * An {@code <f4} array holding a copy of {@code data}.
     *
     * @param name the array's name in the file; not empty, no {@code /}, {@code \} or control
     *     characters
     * @param shape the dimensions, outermost first; {@code new int[0]} for a scalar
     * @param data the elements in C (row-major) order
     * @throws IllegalArgumentException if the name is unusable, a dimension is negative, or {@code
     *     data.length} is not the product of the dimensions
     */
    public static NpyArray ofFloats(String name, int[] shape, float[] data) {
        Objects.requireNonNull(data, "data");
        int[] s = checked(name, shape, data.length);
        return new NpyArray(name, DType.F4, s, data.clone(), null);
    }

    /**
     * An {@code <f8} array holding a copy of {@code data}.
     *
     * @param name the array's name in the file; not empty, no {@code /}, {@code \} or control
     *     characters
     * @param shape the dimensions, outermost first; {@code new int[0]} for a scalar
     * @param data the elements in C (row-major) order
     * @throws IllegalArgumentException if the name is unusable, a dimension is negative, or {@code
     *     data.length} is not the product of the dimensions
     */
    public static NpyArray ofDoubles(String name, int[] shape, double[] data) {
        Objects.requireNonNull(data, "data");
        int[] s = checked(name, shape, data.length);
        return new NpyArray(name, DType.F8, s, null, data.clone());
    }

    /** Takes ownership of {@code data} without copying; for the reader, which checked everything. */
    static NpyArray adoptFloats(String name, int[] shape, float[] data) {
        return new NpyArray(name, DType.F4, shape, data, null);
    }

    /** Takes ownership of {@code data} without copying; for the reader, which checked everything. */
    static NpyArray adoptDoubles(String name, int[] shape, double[] data) {
        return new NpyArray(name, DType.F8, shape, null, data);
    }

    private static int[] checked(String name, int[] shape, int length) {
        Objects.requireNonNull(name, "name");
        int[] s = Objects.requireNonNull(shape, "shape").clone();
        String problem = Shapes.nameProblem(name);
        if (problem == null) {
            problem = Shapes.problem(s);
        }
        if (problem == null && Shapes.size(s) != length) {
            problem = "shape " + Shapes.format(s) + " needs " + Shapes.size(s) + " elements but "
                    + length + " were given";
        }
        if (problem != null) {
            throw new IllegalArgumentException("array " + Shapes.quote(name) + ": " + problem);
        }
        return s;
    }

    /** The array's name: its zip entry name without {@code .npy}. */
    public String name() {
        return name;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** A copy of the dimensions, outermost first; empty for a scalar. */
    public int[] shape() {
        return shape.clone();
    }

    /** Number of dimensions; 0 for a scalar. */
    public int rank() {
        return shape.length;
    }

    /** Number of elements (1 for a scalar, 0 if any dimension is 0). */
    public long size() {
        return floats != null ? floats.length : doubles.length;
    }

    /** The shape as NumPy prints it: {@code (4, 16)}, {@code (3,)}, {@code ()}. */
    public String shapeString() {
        return Shapes.format(shape);
    }

    /** The header this array is written with: its name, dtype and shape, in C order. */
    public NpyHeader header() {
        return new NpyHeader(name, dtype, shape, false);
    }

    /**
     * A new array of the elements in C order, as {@code float}s. {@code <f8} data is rounded to
     * the nearest {@code float}, so it may lose precision or overflow to infinity.
     */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        float[] out = new float[doubles.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) doubles[i];
        }
        return out;
    }

    /** A new array of the elements in C order, as {@code double}s (exact for either dtype). */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[floats.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats[i];
        }
        return out;
    }

    /** The backing floats, not copied; {@code null} unless the dtype is F4. For the writer only. */
    float[] floatsView() {
        return floats;
    }

    /** The backing doubles, not copied; {@code null} unless the dtype is F8. For the writer only. */
    double[] doublesView() {
        return doubles;
    }

    /** Equal name, dtype, shape and elements (compared bit for bit, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a
                && name.equals(a.name)
                && dtype == a.dtype
                && Arrays.equals(shape, a.shape)
                && Arrays.equals(floats, a.floats)
                && Arrays.equals(doubles, a.doubles);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape),
                floats != null ? Arrays.hashCode(floats) : Arrays.hashCode(doubles));
    }

    /** Name, dtype and shape, e.g. {@code NpyArray['dense_0.weights' <f4 (4, 16)]}; no data. */
    @Override
    public String toString() {
        return "NpyArray[" + Shapes.quote(name) + " " + dtype.descr() + " " + shapeString() + "]";
    }
}
