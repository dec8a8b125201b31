package dev.netc.runtime.io;

import java.util.Arrays;
import java.util.Objects;

/**
 * One named array of an {@code .npy} or {@code .npz} file: a name, a dtype, a shape and the elements
 * in C (row-major) order, whatever order the file stored them in.
 *
 * <p>Instances are immutable: the factories copy the data they are given and the accessors return
 * copies, so an array read from a file can be shared freely. {@link DType#F4} arrays hold {@code
 * float}s, {@link DType#F8} arrays {@code double}s, and arrays of the integer and bool dtypes (which
 * only a reader asked for them makes) {@code long}s; each can be read as floats or doubles.
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
    private final long[] longs;

    private NpyArray(String name, DType dtype, int[] shape, float[] floats, double[] doubles, long[] longs) {
        this.name = name;
        this.dtype = dtype;
        this.shape = shape;
        this.floats = floats;
        this.doubles = doubles;
        this.longs = longs;
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
        return new NpyArray(name, DType.F4, s, data.clone(), null, null);
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
        return new NpyArray(name, DType.F8, s, null, data.clone(), null);
    }

    /**
     * Takes ownership of {@code data} without copying: a {@code float[]} for {@link DType#F4}, a
     * {@code double[]} for {@link DType#F8}, else a {@code long[]}. For the reader, which checked everything.
     */
    static NpyArray adopt(String name, DType dtype, int[] shape, Object data) {
        return switch (dtype) {
            case F4 -> new NpyArray(name, dtype, shape, (float[]) data, null, null);
            case F8 -> new NpyArray(name, dtype, shape, null, (double[]) data, null);
            default -> new NpyArray(name, dtype, shape, null, null, (long[]) data);
        };
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
        return floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
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
     * the nearest {@code float}, so it may lose precision or overflow to infinity; so are integers
     * beyond 2^24.
     */
    public float[] toFloatArray() {
        if (floats != null) {
            return floats.clone();
        }
        double[] values = doubles != null ? doubles : toDoubleArray();
        float[] out = new float[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /**
     * A new array of the elements in C order, as {@code double}s: exact for either float dtype and
     * for integers up to 2^53, the nearest {@code double} beyond.
     */
    public double[] toDoubleArray() {
        if (doubles != null) {
            return doubles.clone();
        }
        double[] out = new double[(int) size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = floats != null ? floats[i] : dtype == DType.U8 ? unsigned(longs[i]) : longs[i];
        }
        return out;
    }

    /** The value of a uint64 held in a long's bits: halved with its last bit kept sticky, so it rounds once. */
    private static double unsigned(long bits) {
        return bits >= 0 ? bits : (double) (bits >>> 1 | (bits & 1)) * 2;
    }

    /** The backing floats, not copied; {@code null} unless the dtype is F4. For the writer only. */
    float[] floatsView() {
        return floats;
    }

    /** The backing doubles, not copied; {@code null} unless the dtype is F8. For the writer only. */
    double[] doublesView() {
        return doubles;
    }

    /** The backing longs, not copied; {@code null} for the float dtypes. For the writer only. */
    long[] longsView() {
        return longs;
    }

    /** Equal name, dtype, shape and elements (compared bit for bit, so NaN equals NaN). */
    @Override
    public boolean equals(Object o) {
        return o instanceof NpyArray a
                && name.equals(a.name)
                && dtype == a.dtype
                && Arrays.equals(shape, a.shape)
                && Arrays.equals(floats, a.floats)
                && Arrays.equals(doubles, a.doubles)
                && Arrays.equals(longs, a.longs);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, Arrays.hashCode(shape),
                floats != null ? Arrays.hashCode(floats) : doubles != null ? Arrays.hashCode(doubles)
                        : Arrays.hashCode(longs));
    }

    /** Name, dtype and shape, e.g. {@code NpyArray['dense_0.weights' <f4 (4, 16)]}; no data. */
    @Override
    public String toString() {
        return "NpyArray[" + Shapes.quote(name) + " " + dtype.descr() + " " + shapeString() + "]";
    }
}
