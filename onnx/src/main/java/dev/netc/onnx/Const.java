package dev.netc.onnx;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * A constant tensor of the graph (an initializer, a {@code Constant} node's value, or a value folded
 * from those), its elements in row-major order widened to {@code double}.
 *
 * @param dims the shape, outermost first; empty for a scalar
 * @param type the ONNX element type ({@code TensorProto.DataType} number)
 * @param values the elements; exact for float, double and integers up to 2^53
 */
record Const(long[] dims, int type, double[] values) {
    static final int FLOAT = 1;
    static final int INT32 = 6;
    static final int INT64 = 7;
    static final int DOUBLE = 11;
    static final int BOOL = 9;

    int rank() {
        return dims.length;
    }

    /** True when every element is the same number, so the tensor acts as a scalar under broadcasting. */
    boolean uniform() {
        if (values.length == 0) {
            return false;
        }
        for (double v : values) {
            if (Double.compare(v, values[0]) != 0) {
                return false;
            }
        }
        return true;
    }

    boolean isFloatType() {
        return type == FLOAT || type == DOUBLE;
    }

    /** The shape as NumPy prints it: {@code (4, 16)}, {@code (3,)}, {@code ()}. */
    String shapeString() {
        return shapeString(dims);
    }

    /** A matrix's transpose; other ranks are not transposed by netc. */
    Const transposed() {
        int rows = (int) dims[0];
        int cols = (int) dims[1];
        double[] t = new double[rows * cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return new Const(new long[] {cols, rows}, type, t);
    }

    static String shapeString(long[] dims) {
        return dims.length == 1 ? "(" + dims[0] + ",)"
                : Arrays.stream(dims).mapToObj(Long::toString).collect(Collectors.joining(", ", "(", ")"));
    }

    static String typeName(int type) {
        return switch (type) {
            case 0 -> "undefined";
            case FLOAT -> "float32";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 4 -> "uint16";
            case 5 -> "int16";
            case INT32 -> "int32";
            case INT64 -> "int64";
            case 8 -> "string";
            case BOOL -> "bool";
            case 10 -> "float16";
            case DOUBLE -> "float64";
            case 12 -> "uint32";
            case 13 -> "uint64";
            case 14 -> "complex64";
            case 15 -> "complex128";
            case 16 -> "bfloat16";
            default -> "type " + type;
        };
    }
}
