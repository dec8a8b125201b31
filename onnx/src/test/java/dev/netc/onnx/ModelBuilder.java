package dev.netc.onnx;

import com.google.protobuf.ByteString;
import dev.netc.onnx.proto.Onnx.AttributeProto;
import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netc.onnx.proto.Onnx.TensorProto;
import dev.netc.onnx.proto.Onnx.TensorShapeProto;
import dev.netc.onnx.proto.Onnx.TypeProto;
import dev.netc.onnx.proto.Onnx.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/** Builds ONNX models in tests, the way exporters write them. */
final class ModelBuilder {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int DOUBLE = 11;
    static final int BOOL = 9;

    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private final ModelProto.Builder model = ModelProto.newBuilder().setIrVersion(8);
    private boolean typedFields;

    ModelBuilder(int opset) {
        model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset));
    }

    ModelBuilder producer(String name, String version) {
        model.setProducerName(name).setProducerVersion(version);
        return this;
    }

    ModelBuilder mlDomain() {
        model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(1));
        return this;
    }

    /** Initializers from here on store float_data/double_data/int64_data instead of raw_data. */
    ModelBuilder typedFields() {
        typedFields = true;
        return this;
    }

    /** A tensor value: dims are Long (fixed) or String (symbolic). */
    static ValueInfoProto value(String name, int type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof String s) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(s));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(((Number) d).longValue()));
            }
        }
        return ValueInfoProto.newBuilder().setName(name)
                .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(type)
                        .setShape(shape))).build();
    }

    ModelBuilder input(String name, int type, Object... dims) {
        graph.addInput(value(name, type, dims));
        return this;
    }

    ModelBuilder output(String name, int type, Object... dims) {
        graph.addOutput(value(name, type, dims));
        return this;
    }

    ModelBuilder rawOutput(ValueInfoProto v) {
        graph.addOutput(v);
        return this;
    }

    ModelBuilder init(String name, int type, long[] dims, double... values) {
        graph.addInitializer(tensor(name, type, dims, values, typedFields));
        return this;
    }

    static TensorProto tensor(String name, int type, long[] dims, double[] values, boolean typed) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type);
        Arrays.stream(dims).forEach(t::addDims);
        if (typed) {
            for (double v : values) {
                switch (type) {
                    case FLOAT -> t.addFloatData((float) v);
                    case DOUBLE -> t.addDoubleData(v);
                    case BOOL -> t.addInt32Data((int) v);
                    default -> t.addInt64Data((long) v);
                }
            }
        } else {
            int size = type == FLOAT ? 4 : type == BOOL ? 1 : 8;
            ByteBuffer b = ByteBuffer.allocate(values.length * size).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                switch (type) {
                    case FLOAT -> b.putFloat((float) v);
                    case DOUBLE -> b.putDouble(v);
                    case BOOL -> b.put((byte) v);
                    default -> b.putLong((long) v);
                }
            }
            t.setRawData(ByteString.copyFrom(b.array()));
        }
        return t.build();
    }

    ModelBuilder node(String op, String name, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(Arrays.asList(attrs)));
        return this;
    }

    ModelBuilder node(String op, String name, String input, String output, AttributeProto... attrs) {
        return node(op, name, List.of(input), List.of(output), attrs);
    }

    /** {@code out = in.view(in.size(0), -1)} as PyTorch exports it: Shape, Gather, Unsqueeze, Concat, Reshape. */
    ModelBuilder pytorchView(String in, String out) {
        return init("idx0", INT64, dims(), 0).init("minus1", INT64, dims(1), -1).init("axes0", INT64, dims(1), 0)
                .node("Shape", "/Shape", in, "shape")
                .node("Gather", "/Gather", List.of("shape", "idx0"), List.of("n"), i("axis", 0))
                .node("Unsqueeze", "/Unsqueeze", List.of("n", "axes0"), List.of("n1"))
                .node("Concat", "/Concat", List.of("n1", "minus1"), List.of("target"), i("axis", 0))
                .node("Reshape", "/Reshape", List.of(in, "target"), List.of(out));
    }

    ModelBuilder mlNode(String op, String name, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).setDomain("ai.onnx.ml")
                .addAllInput(inputs).addAllOutput(outputs).addAllAttribute(Arrays.asList(attrs)));
        return this;
    }

    static AttributeProto f(String name, double v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF((float) v)
                .build();
    }

    static AttributeProto i(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    static AttributeProto s(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFrom(v, StandardCharsets.UTF_8)).build();
    }

    static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        Arrays.stream(v).forEach(a::addInts);
        return a.build();
    }

    static AttributeProto floats(String name, double... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name)
                .setType(AttributeProto.AttributeType.FLOATS);
        Arrays.stream(v).forEach(x -> a.addFloats((float) x));
        return a.build();
    }

    static AttributeProto t(String name, TensorProto tensor) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR).setT(tensor)
                .build();
    }

    byte[] bytes() {
        return model.setGraph(graph).build().toByteArray();
    }

    /** Seeded values, uniform in [-scale, scale]. */
    static double[] random(Random random, int n, double scale) {
        double[] v = new double[n];
        for (int k = 0; k < n; k++) {
            v[k] = (random.nextDouble() * 2 - 1) * scale;
        }
        return v;
    }

    static long[] dims(long... d) {
        return d;
    }
}
