package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.AttributeProto;
import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netc.onnx.proto.Onnx.TensorProto;
import dev.netc.onnx.proto.Onnx.TensorShapeProto;
import dev.netc.onnx.proto.Onnx.TypeProto;
import dev.netc.onnx.proto.Onnx.ValueInfoProto;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Activations;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Precision;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Writes a netc network as an ONNX model that ONNX Runtime (and any runtime of ONNX opset 13 or
 * later) loads and that computes what netc computes.
 *
 * <p>The model has IR version 7 and imports opset 13 only. Its input is {@code input} of shape
 * (batch, INPUT_SIZE) and its output {@code output} of shape (batch, OUTPUT_SIZE), the batch
 * dimension being dynamic; values are float32 or float64 as the network's precision. Each dense
 * layer is one {@code Gemm} node named after the layer, with initializers {@code LAYER.weights}
 * (IN, OUT) and {@code LAYER.biases} (OUT,), the names of the {@code .npz} arrays. Activations
 * with an ONNX operator in opset 13 use it (Relu, LeakyRelu, Elu, Selu, Sigmoid, HardSigmoid with
 * alpha=1/6, Tanh, Softplus, Softsign, Exp, Softmax and LogSoftmax on the last axis); the others
 * are written as their exact formula in opset-13 operators, so no newer opset is needed: relu6 =
 * Clip(x, 0, 6), silu = x·Sigmoid(x), hard_silu = x·HardSigmoid(x) (alpha=1/6, beta=1/2), gelu =
 * x·½·(1 + Erf(x/√2)), gelu_tanh = x·½·(1 + Tanh(√(2/π)·(x + 0.044715·x³))), mish =
 * x·Tanh(Softplus(x)). ONNX Runtime runs LeakyRelu, Elu, Selu, HardSigmoid, Softplus, Softsign
 * and Erf in float only, so in double networks those activations (and silu, hard_silu, mish, gelu)
 * are written as formulas of operators it runs in double; gelu's Erf is then computed in float. The
 * netc importer reads all of these forms back as the same activations. Dropout layers, the identity
 * outside training, export as nothing (and a dense layer's regularization, a training penalty, is
 * not part of the model).
 *
 * <p>Thread-safe: stateless; concurrent exports need no lock.
 */
public final class OnnxExporter {
    /** The opset the models import: the first with Softmax on one axis and Clip bounds as inputs. */
    public static final int OPSET = 13;
    /** The IR version of ONNX 1.8, the release that introduced opset 13. */
    public static final int IR_VERSION = 7;

    /** Protocol Buffers' limit for one message, and so for an ONNX file that holds its weights. */
    public static final long MAX_MODEL_BYTES = Integer.MAX_VALUE;

    private OnnxExporter() {}

    /**
     * Why {@code architecture} cannot be written as one ONNX file, or empty: its weights must fit
     * the 2 GiB of one protobuf message (external data files are not written). Cheap: for refusing
     * before weights are drawn or loaded.
     */
    public static Optional<String> sizeProblem(Architecture architecture) {
        long bytes = architecture.parameterCount() * architecture.precision().bytes();
        if (bytes < MAX_MODEL_BYTES - (1 << 20)) {
            return Optional.empty();
        }
        return Optional.of("its weights take " + bytes + " bytes, but an ONNX file holds at most 2 GiB"
                + " (one protobuf message); netc does not write external data files");
    }

    /** Writes the model for {@code architecture} with {@code weights} to {@code file}, replacing it. */
    public static void write(Architecture architecture, Weights weights, Path file) throws IOException {
        byte[] bytes = toBytes(architecture, weights);
        AtomicFiles.replace(file, out -> out.write(bytes));
    }

    /** Writes the model to {@code out} (not closed). */
    public static void write(Architecture architecture, Weights weights, OutputStream out) throws IOException {
        out.write(toBytes(architecture, weights));
    }

    /** The model's bytes. */
    public static byte[] toBytes(Architecture architecture, Weights weights) {
        if (!weights.architecture().equals(architecture)) {
            throw new IllegalArgumentException("the weights belong to network '" + weights.architecture().name()
                    + "', not to '" + architecture.name() + "'");
        }
        sizeProblem(architecture).ifPresent(problem -> {
            throw new IllegalArgumentException(architecture.name() + ": " + problem);
        });
        return new Builder(architecture, weights).model().toByteArray();
    }

    /** Builds the graph layer by layer. */
    private static final class Builder {
        private final Architecture architecture;
        private final Weights weights;
        private final boolean doubles;
        private final GraphProto.Builder graph = GraphProto.newBuilder();
        private String current = "input";
        /** The names of the graph's values so far: its input and output, initializers, node outputs. */
        private final Set<String> values = new HashSet<>(List.of("input", "output"));

        Builder(Architecture architecture, Weights weights) {
            this.architecture = architecture;
            this.weights = weights;
            this.doubles = architecture.precision() == Precision.DOUBLE;
        }

        ModelProto model() {
            graph.setName(architecture.name());
            graph.setDocString("netc network " + architecture.name());
            graph.addInput(valueInfo("input", architecture.inputSize()));
            List<Layer> layers = architecture.layers();
            for (Layer layer : layers) {
                if (layer instanceof DenseLayer d) {
                    dense(d);
                }
                activation(layer.name(), layer.activation());
            }
            // The last node writes 'output'; a network without nodes copies its input.
            if (graph.getNodeCount() == 0) {
                node("Identity", "identity", List.of(current), List.of());
            }
            graph.getNodeBuilder(graph.getNodeCount() - 1).setOutput(0, "output");
            graph.addOutput(valueInfo("output", architecture.outputSize()));
            return ModelProto.newBuilder()
                    .setIrVersion(IR_VERSION)
                    .setProducerName("netc")
                    .setProducerVersion(version())
                    .setDocString("Exported by netc from network " + architecture.name())
                    .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                    .setGraph(graph)
                    .build();
        }

        private static String version() {
            String v = OnnxExporter.class.getPackage().getImplementationVersion();
            return v == null ? "" : v;
        }

        private ValueInfoProto valueInfo(String name, int width) {
            TensorShapeProto shape = TensorShapeProto.newBuilder()
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                    .addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(width))
                    .build();
            return ValueInfoProto.newBuilder().setName(name)
                    .setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                            .setElemType(doubles ? Const.DOUBLE : Const.FLOAT).setShape(shape)))
                    .build();
        }

        private void dense(DenseLayer d) {
            String w = d.weightsKey();
            values.add(w);
            graph.addInitializer(tensor(w, new long[] {d.inputSize(), d.outputSize()}, weights.doubles(w)));
            List<String> inputs;
            if (d.useBias()) {
                String b = d.biasesKey();
                values.add(b);
                graph.addInitializer(tensor(b, new long[] {d.outputSize()}, weights.doubles(b)));
                inputs = List.of(current, w, b);
            } else {
                inputs = List.of(current, w);
            }
            current = node("Gemm", d.name(), inputs, List.of());
        }

        private void activation(String layer, ActivationCall call) {
            double[] args = call.argumentArray();
            String x = current;
            String p = layer + "/" + call.activation().keyword();
            if (doubles && doubleFormula(call, x, p, args)) {
                return;
            }
            switch (call.activation()) {
                case LINEAR -> { }
                case RELU -> current = node("Relu", p, List.of(x), List.of());
                case RELU6 -> current = node("Clip", p, List.of(x, scalar(p + "/min", 0), scalar(p + "/max", 6)),
                        List.of());
                case LEAKY_RELU -> current = node("LeakyRelu", p, List.of(x), List.of(floatAttr("alpha", args[0])));
                case ELU -> current = node("Elu", p, List.of(x), List.of(floatAttr("alpha", args[0])));
                case SELU -> current = node("Selu", p, List.of(x), List.of(
                        floatAttr("alpha", Activations.SELU_ALPHA), floatAttr("gamma", Activations.SELU_SCALE)));
                case SIGMOID -> current = node("Sigmoid", p, List.of(x), List.of());
                case HARD_SIGMOID -> current = node("HardSigmoid", p, List.of(x), hardSigmoidAttrs());
                case TANH -> current = node("Tanh", p, List.of(x), List.of());
                case SOFTPLUS -> current = node("Softplus", p, List.of(x), List.of());
                case SOFTSIGN -> current = node("Softsign", p, List.of(x), List.of());
                case SILU -> {
                    String s = node("Sigmoid", p + "/sigmoid", List.of(x), List.of());
                    current = node("Mul", p, List.of(x, s), List.of());
                }
                case HARD_SILU -> {
                    String s = node("HardSigmoid", p + "/hard_sigmoid", List.of(x), hardSigmoidAttrs());
                    current = node("Mul", p, List.of(x, s), List.of());
                }
                case GELU -> {
                    String scaled = node("Div", p + "/div", List.of(x, scalar(p + "/sqrt2", Math.sqrt(2))), List.of());
                    String erf = node("Erf", p + "/erf", List.of(scaled), List.of());
                    String plus = node("Add", p + "/add", List.of(erf, scalar(p + "/one", 1)), List.of());
                    String times = node("Mul", p + "/mul", List.of(x, plus), List.of());
                    current = node("Mul", p, List.of(times, scalar(p + "/half", 0.5)), List.of());
                }
                case GELU_TANH -> {
                    String cube = node("Mul", p + "/square", List.of(x, x), List.of());
                    cube = node("Mul", p + "/cube", List.of(cube, x), List.of());
                    String inner = node("Mul", p + "/scale_cube", List.of(cube, scalar(p + "/c", 0.044715)), List.of());
                    inner = node("Add", p + "/inner", List.of(x, inner), List.of());
                    inner = node("Mul", p + "/scale_inner",
                            List.of(inner, scalar(p + "/sqrt_2_over_pi", Math.sqrt(2 / Math.PI))), List.of());
                    String t = node("Tanh", p + "/tanh", List.of(inner), List.of());
                    String plus = node("Add", p + "/add", List.of(t, scalar(p + "/one", 1)), List.of());
                    String times = node("Mul", p + "/mul", List.of(x, plus), List.of());
                    current = node("Mul", p, List.of(times, scalar(p + "/half", 0.5)), List.of());
                }
                case MISH -> {
                    String sp = node("Softplus", p + "/softplus", List.of(x), List.of());
                    String t = node("Tanh", p + "/tanh", List.of(sp), List.of());
                    current = node("Mul", p, List.of(x, t), List.of());
                }
                case EXPONENTIAL -> current = node("Exp", p, List.of(x), List.of());
                case SOFTMAX -> current = node("Softmax", p, List.of(x), List.of(intAttr("axis", -1)));
                case LOG_SOFTMAX -> current = node("LogSoftmax", p, List.of(x), List.of(intAttr("axis", -1)));
                default -> throw new IllegalArgumentException("no ONNX form for " + call);
            }
        }

        /**
         * ONNX Runtime's CPU kernels of LeakyRelu, Elu, Selu, HardSigmoid, Softplus, Softsign and Erf
         * (and of the fusions it makes of x·Sigmoid(x)) take float only, so double networks spell
         * these activations in operators it runs in double: Relu, Exp, Log, Abs, Tanh, Clip and
         * arithmetic. Erf has no double kernel at all; gelu computes it in float (about 1e-7).
         */
        private boolean doubleFormula(ActivationCall call, String x, String p, double[] args) {
            switch (call.activation()) {
                case LEAKY_RELU -> {
                    // relu(x) - a·relu(-x): x for x > 0, a·x below, exactly.
                    String negative = op("Relu", p + "/relu_neg", op("Neg", p + "/neg", x));
                    current = node("Sub", p, List.of(op("Relu", p + "/relu", x),
                            op("Mul", p + "/scale", negative, scalar(p + "/a", args[0]))), List.of());
                }
                case ELU -> current = elu(p, x, args[0], null);
                case SELU -> current = elu(p, x, Activations.SELU_ALPHA, Activations.SELU_SCALE);
                case HARD_SIGMOID -> current = hardSigmoid(p, x, p);
                case SOFTPLUS -> current = softplus(p, x, p);
                case SOFTSIGN -> current = node("Div", p, List.of(x, op("Add", p + "/denominator",
                        op("Abs", p + "/abs", x), scalar(p + "/one", 1))), List.of());
                case SILU -> current = node("Div", p, List.of(x, op("Add", p + "/denominator",
                        op("Exp", p + "/exp", op("Neg", p + "/neg", x)), scalar(p + "/one", 1))), List.of());
                case HARD_SILU -> current = node("Mul", p, List.of(x, hardSigmoid(p, x, p + "/hard_sigmoid")),
                        List.of());
                case MISH -> current = node("Mul", p, List.of(x, op("Tanh", p + "/tanh",
                        softplus(p, x, p + "/softplus"))), List.of());
                case GELU -> {
                    String scaled = op("Div", p + "/div", x, scalar(p + "/sqrt2", Math.sqrt(2)));
                    String single = node("Cast", p + "/to_float", List.of(scaled), List.of(intAttr("to", Const.FLOAT)));
                    String erf = op("Erf", p + "/erf", single);
                    String back = node("Cast", p + "/to_double", List.of(erf), List.of(intAttr("to", Const.DOUBLE)));
                    String plus = op("Add", p + "/add", back, scalar(p + "/one", 1));
                    String times = op("Mul", p + "/mul", x, plus);
                    current = node("Mul", p, List.of(times, scalar(p + "/half", 0.5)), List.of());
                }
                default -> {
                    return false;
                }
            }
            return true;
        }

        /** scale·(relu(x) + a·(exp(-relu(-x)) - 1)): elu, or selu with a scale. */
        private String elu(String p, String x, double a, Double scale) {
            String negativePart = op("Neg", p + "/min0", op("Relu", p + "/relu_neg", op("Neg", p + "/neg", x)));
            String expm1 = op("Sub", p + "/expm1", op("Exp", p + "/exp", negativePart), scalar(p + "/one", 1));
            String sum = scale == null ? p : p + "/sum";
            String r = node("Add", sum, List.of(op("Relu", p + "/relu", x),
                    op("Mul", p + "/scale_negative", expm1, scalar(p + "/alpha", a))), List.of());
            return scale == null ? r : node("Mul", p, List.of(r, scalar(p + "/lambda", scale)), List.of());
        }

        /** clip(x/6 + 1/2, 0, 1). */
        private String hardSigmoid(String p, String x, String name) {
            String linear = op("Add", name + "/shift", op("Div", name + "/div", x, scalar(name + "/six", 6)),
                    scalar(name + "/half", 0.5));
            return node("Clip", name, List.of(linear, scalar(name + "/zero", 0), scalar(name + "/one", 1)), List.of());
        }

        /** relu(x) + log(1 + exp(-|x|)), exact for large |x|. */
        private String softplus(String p, String x, String name) {
            String tail = op("Log", name + "/log", op("Add", name + "/one_plus",
                    op("Exp", name + "/exp", op("Neg", name + "/neg_abs", op("Abs", name + "/abs", x))),
                    scalar(name + "/one", 1)));
            return node("Add", name, List.of(op("Relu", name + "/relu", x), tail), List.of());
        }

        private String op(String op, String name, String... inputs) {
            return node(op, name, List.of(inputs), List.of());
        }

        private List<AttributeProto> hardSigmoidAttrs() {
            return List.of(floatAttr("alpha", 1.0 / 6), floatAttr("beta", 0.5));
        }

        /** Adds a node whose single output is named after it, and returns that output. */
        private String node(String op, String name, List<String> inputs, List<AttributeProto> attributes) {
            // A layer may be called 'input' or 'output', or like another value with '_value' added:
            // every value still gets a name of its own, as ONNX requires.
            String out = name;
            for (int n = 1; !values.add(out); n++) {
                out = name + "_value" + (n == 1 ? "" : n);
            }
            graph.addNode(NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addOutput(out)
                    .addAllAttribute(attributes));
            return out;
        }

        /** A scalar initializer in the network's precision, as the binary operators need. */
        private String scalar(String name, double value) {
            values.add(name);
            graph.addInitializer(tensor(name, new long[0], new double[] {value}));
            return name;
        }

        private TensorProto tensor(String name, long[] dims, double[] values) {
            if (doubles) {
                return Tensors.doubles(name, dims, values);
            }
            float[] f = new float[values.length];
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) values[i];
            }
            return Tensors.floats(name, dims, f);
        }

        private static AttributeProto floatAttr(String name, double value) {
            return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
                    .setF((float) value).build();
        }

        private static AttributeProto intAttr(String name, long value) {
            return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
                    .setI(value).build();
        }
    }

}
