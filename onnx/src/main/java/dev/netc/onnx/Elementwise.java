package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Activations;
import dev.netc.runtime.math.Erf;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.DoubleStream;

/**
 * The element-wise ONNX operators, evaluated on probe values in double precision. A run of such
 * nodes between two dense layers is recognised as a netc activation by comparing what it computes
 * with each activation's formula, so that every way an exporter spells one (Relu, Max(x, 0),
 * Clip(x, 0, inf); Gelu, or x·½·(1+erf(x/√2)) in five nodes; x·Sigmoid(x) ...) imports the same.
 */
final class Elementwise {
    /** Operators of the default domain this class evaluates. */
    static final Set<String> OPS = Set.of(
            "Identity", "Dropout", "Cast", "Relu", "LeakyRelu", "PRelu", "Elu", "Celu", "Selu", "Sigmoid",
            "HardSigmoid", "HardSwish", "Tanh", "Softplus", "Softsign", "Gelu", "Mish", "Exp", "Log", "Erf",
            "Sqrt", "Neg", "Abs", "Reciprocal", "Clip", "Add", "Sub", "Mul", "Div", "Pow", "Max", "Min");

    /** ONNX's default SELU constants (float32), which are Keras' up to float rounding. */
    static final double ONNX_SELU_ALPHA = 1.67326319217681884765625;
    static final double ONNX_SELU_GAMMA = 1.05070102214813232421875;

    /** x = k/20 for k in -400..400 (so -1, 0 and 1 are exact), and a few far-out values. */
    static final double[] PROBES;
    private static final int MINUS_ONE;

    static {
        double[] p = new double[801 + 4];
        for (int k = -400; k <= 400; k++) {
            p[k + 400] = k / 20.0;
        }
        p[801] = -40;
        p[802] = -30;
        p[803] = 30;
        p[804] = 40;
        PROBES = p;
        MINUS_ONE = 400 - 20;
    }

    private Elementwise() {}

    /** True when {@code node} is an element-wise operator this class can evaluate. */
    static boolean evaluable(NodeProto node) {
        if (node.getOpType().equals("Cast")) {
            long to = Nodes.intAttr(node, "to", 0);
            return isDefaultDomain(node) && (to == Const.FLOAT || to == Const.DOUBLE);
        }
        return isDefaultDomain(node) && OPS.contains(node.getOpType());
    }

    static boolean isDefaultDomain(NodeProto node) {
        return node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx");
    }

    /**
     * The node's first output for the given inputs: arrays of the probes' length or of length
     * 1 (a scalar, broadcast), {@code null} for an absent optional input.
     */
    static double[] eval(NodeProto node, long opset, List<double[]> in) {
        String op = node.getOpType();
        double[] x = in.isEmpty() ? null : in.get(0);
        return switch (op) {
            case "Identity", "Dropout", "Cast" -> x.clone();
            case "Relu" -> map(x, v -> Math.max(0, v));
            case "LeakyRelu" -> {
                double a = Nodes.floatAttr(node, "alpha", 0.01);
                yield map(x, v -> v >= 0 ? v : a * v);
            }
            case "PRelu" -> binary(x, in.get(1), (v, s) -> v >= 0 ? v : s * v);
            case "Elu" -> {
                double a = Nodes.floatAttr(node, "alpha", 1.0);
                yield map(x, v -> v >= 0 ? v : a * Math.expm1(v));
            }
            case "Celu" -> {
                double a = Nodes.floatAttr(node, "alpha", 1.0);
                yield map(x, v -> Math.max(0, v) + Math.min(0, a * Math.expm1(v / a)));
            }
            case "Selu" -> {
                double a = Nodes.floatAttr(node, "alpha", ONNX_SELU_ALPHA);
                double g = Nodes.floatAttr(node, "gamma", ONNX_SELU_GAMMA);
                yield map(x, v -> g * (v > 0 ? v : a * Math.expm1(v)));
            }
            case "Sigmoid" -> map(x, Activations::sigmoid);
            case "HardSigmoid" -> {
                double a = Nodes.floatAttr(node, "alpha", 0.2);
                double b = Nodes.floatAttr(node, "beta", 0.5);
                yield map(x, v -> Math.max(0, Math.min(1, a * v + b)));
            }
            case "HardSwish" -> map(x, v -> v * Math.max(0, Math.min(1, v / 6 + 0.5)));
            case "Tanh" -> map(x, Math::tanh);
            case "Softplus" -> map(x, Activations::softplus);
            case "Softsign" -> map(x, v -> v / (1 + Math.abs(v)));
            case "Gelu" -> "tanh".equals(Nodes.stringAttr(node, "approximate", "none"))
                    ? map(x, Activations::geluTanh) : map(x, Activations::gelu);
            case "Mish" -> map(x, Activations::mish);
            case "Exp" -> map(x, Math::exp);
            case "Log" -> map(x, Math::log);
            case "Erf" -> map(x, Erf::erf);
            case "Sqrt" -> map(x, Math::sqrt);
            case "Neg" -> map(x, v -> -v);
            case "Abs" -> map(x, Math::abs);
            case "Reciprocal" -> map(x, v -> 1 / v);
            case "Clip" -> {
                double[] bounds = Nodes.clipBounds(node, opset, k -> in.size() > k && in.get(k) != null ? in.get(k)[0]
                        : null);
                yield map(x, v -> Math.min(bounds[1], Math.max(bounds[0], v)));
            }
            case "Add" -> binary(x, in.get(1), Double::sum);
            case "Sub" -> binary(x, in.get(1), (a, b) -> a - b);
            case "Mul" -> binary(x, in.get(1), (a, b) -> a * b);
            case "Div" -> binary(x, in.get(1), (a, b) -> a / b);
            case "Pow" -> binary(x, in.get(1), Math::pow);
            case "Max", "Min" -> {
                double[] r = x;
                for (double[] other : in.subList(1, in.size())) {
                    r = binary(r, other, op.equals("Max") ? Math::max : Math::min);
                }
                yield r == x ? x.clone() : r;
            }
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static double[] map(double[] x, java.util.function.DoubleUnaryOperator f) {
        double[] r = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            r[i] = f.applyAsDouble(x[i]);
        }
        return r;
    }

    private static double[] binary(double[] a, double[] b, java.util.function.DoubleBinaryOperator f) {
        int n = Math.max(a.length, b.length);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) {
            r[i] = f.applyAsDouble(a[a.length == 1 ? 0 : i], b[b.length == 1 ? 0 : i]);
        }
        return r;
    }

    /**
     * {@link #PROBES} and, for each of {@code constants} beyond them, a value on either side twice
     * as far out: a run that caps its values at 45 or 1000 (Min, Clip) would otherwise agree with
     * relu at every probe. A bound may also sit at a constant over or times another (Mul(0.1),
     * Min(4.5), Mul(10) caps at 45), so those count as well. Beyond 1e15 nothing a network computes
     * is bounded.
     */
    static double[] probes(List<Double> constants) {
        DoubleStream.Builder bounds = DoubleStream.builder();
        for (double c : constants) {
            bounds.add(Math.abs(c));
            for (double m : constants) {
                if (m != 0) {
                    bounds.add(Math.abs(c / m));
                    bounds.add(Math.abs(c * m));
                }
            }
        }
        double[] far = bounds.build().filter(c -> c > 20 && c <= 1e15).distinct()
                .flatMap(c -> DoubleStream.of(-2 * c, 2 * c)).toArray();
        double[] p = Arrays.copyOf(PROBES, PROBES.length + far.length);
        System.arraycopy(far, 0, p, PROBES.length, far.length);
        return p;
    }

    /**
     * The netc activation that maps {@code x} (starting with {@link #PROBES}) to {@code y}, if any;
     * {@code linear} when {@code y} is {@code x} itself. Parameters (leaky_relu's and elu's {@code a})
     * are read off the value at −1 and then checked everywhere.
     */
    static Optional<ActivationCall> identify(double[] x, double[] y) {
        for (Activation a : Activation.values()) {
            if (a.isRowWise()) {
                continue;
            }
            double[] args = switch (a) {
                case LEAKY_RELU -> new double[] {Nodes.shortest(-y[MINUS_ONE])};
                case ELU -> new double[] {Nodes.shortest(y[MINUS_ONE] / Math.expm1(-1))};
                default -> ActivationCall.of(a).argumentArray();
            };
            if (!Double.isFinite(args.length == 0 ? 0 : args[0])) {
                continue;
            }
            double[] expected = x.clone();
            a.apply(expected, 0, expected.length, args);
            if (close(y, expected)) {
                return Optional.of(new ActivationCall(a, Arrays.stream(args).boxed().toList()));
            }
        }
        return Optional.empty();
    }

    private static boolean close(double[] actual, double[] expected) {
        for (int i = 0; i < actual.length; i++) {
            double e = expected[i];
            double d = Math.abs(actual[i] - e);
            if (!(d <= 1e-6 * (1 + Math.abs(e)))) {
                return false;
            }
        }
        return true;
    }
}
