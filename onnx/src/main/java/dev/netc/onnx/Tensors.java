package dev.netc.onnx;

import com.google.protobuf.ByteString;
import dev.netc.onnx.proto.Onnx.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the elements of ONNX tensors, from {@code raw_data} or the typed fields, and writes them back. */
final class Tensors {
    private Tensors() {}

    /**
     * The elements of {@code t}.
     *
     * @param what names the tensor in messages, e.g. {@code initializer 'fc1.weight'}
     * @throws Refusal if the data lives in an external file, has a type netc cannot read, or does
     *     not fill the tensor's shape
     */
    static Const decode(TensorProto t, String what) {
        if (t.getDataLocation() == TensorProto.DataLocation.EXTERNAL || t.getExternalDataCount() > 0) {
            throw new Refusal(what + " keeps its data in an external file; save the model with its weights"
                    + " inside (e.g. onnx.save_model(model, path, save_as_external_data=False))");
        }
        long[] dims = t.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = 1;
        for (long d : dims) {
            if (d < 0) {
                throw new Refusal(what + " has a negative dimension in its shape " + Const.shapeString(dims));
            }
            count = d == 0 || count <= Long.MAX_VALUE / d ? count * d : Long.MAX_VALUE;
        }
        if (count > Integer.MAX_VALUE - 8) {
            throw new Refusal(what + " has " + count + " elements, more than a Java array holds");
        }
        int n = (int) count;
        int type = t.getDataType();
        ByteString raw = t.getRawData();
        boolean hasRaw = !raw.isEmpty();
        // The data must fill the shape before anything is allocated for it: a file of a few bytes
        // may declare billions of elements.
        switch (type) {
            case Const.FLOAT -> check(what, hasRaw, raw, 4, t.getFloatDataCount(), "float_data", n, dims);
            case Const.DOUBLE -> check(what, hasRaw, raw, 8, t.getDoubleDataCount(), "double_data", n, dims);
            case Const.INT64 -> check(what, hasRaw, raw, 8, t.getInt64DataCount(), "int64_data", n, dims);
            case Const.INT32 -> check(what, hasRaw, raw, 4, t.getInt32DataCount(), "int32_data", n, dims);
            // Flags such as Dropout's training_mode; ONNX keeps bools in int32_data when not raw.
            case Const.BOOL -> check(what, hasRaw, raw, 1, t.getInt32DataCount(), "int32_data", n, dims);
            default -> throw new Refusal(what + " has element type " + Const.typeName(type)
                    + "; netc reads float32, float64, int32, int64 and bool tensors");
        }
        double[] values = new double[n];
        ByteBuffer b = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            values[i] = switch (type) {
                case Const.FLOAT -> hasRaw ? b.getFloat() : t.getFloatData(i);
                case Const.DOUBLE -> hasRaw ? b.getDouble() : t.getDoubleData(i);
                case Const.INT64 -> hasRaw ? b.getLong() : t.getInt64Data(i);
                case Const.BOOL -> (hasRaw ? b.get() : t.getInt32Data(i)) != 0 ? 1 : 0;
                default -> hasRaw ? b.getInt() : t.getInt32Data(i);
            };
        }
        return new Const(dims, type, values);
    }

    /** The tensor's data, in {@code raw_data} or its typed field, holds exactly {@code n} elements. */
    private static void check(String what, boolean hasRaw, ByteString raw, int size, int typedCount, String field,
            int n, long[] dims) {
        if (hasRaw && raw.size() != (long) n * size) {
            throw new Refusal(what + " holds " + raw.size() + " bytes of raw data but its shape "
                    + Const.shapeString(dims) + " needs " + (long) n * size);
        }
        if (!hasRaw && typedCount != n) {
            throw new Refusal(what + " holds " + typedCount + " values in " + field + " but its shape "
                    + Const.shapeString(dims) + " needs " + n);
        }
    }

    /** A float32 tensor with its elements as little-endian {@code raw_data}. */
    static TensorProto floats(String name, long[] dims, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) {
            b.putFloat(f);
        }
        return TensorProto.newBuilder().setName(name).setDataType(Const.FLOAT)
                .addAllDims(java.util.Arrays.stream(dims).boxed().toList())
                .setRawData(ByteString.copyFrom(b.array())).build();
    }

    /** A float64 tensor with its elements as little-endian {@code raw_data}. */
    static TensorProto doubles(String name, long[] dims, double[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (double d : data) {
            b.putDouble(d);
        }
        return TensorProto.newBuilder().setName(name).setDataType(Const.DOUBLE)
                .addAllDims(java.util.Arrays.stream(dims).boxed().toList())
                .setRawData(ByteString.copyFrom(b.array())).build();
    }
}
