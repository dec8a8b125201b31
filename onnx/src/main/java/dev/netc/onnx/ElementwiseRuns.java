package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What a run of element-wise nodes on the chain computes: one of ONNX's activation operators read
 * from its attributes, a per-feature affine map (bias adds, scalings, BatchNormalization, Scaler)
 * for a neighbouring dense layer to absorb, or any other formula recognised by evaluating it on
 * probe values ({@link Elementwise#identify}).
 */
final class ElementwiseRuns {
    /**
     * What a run computes: activations, an affine map (with the node it starts at), or why neither
     * (with the node to blame).
     */
    record Meaning(List<ActivationCall> activations, Affine affine, String refusal, int node) {
        static Meaning of(List<ActivationCall> activations) {
            return new Meaning(activations, null, null, -1);
        }

        static Meaning refused(int node, String why) {
            return new Meaning(null, null, why, node);
        }
    }

    private final List<NodeProto> nodes;
    private final GraphConstants constants;
    private final long opset;
    private final Function<String, String> origin;

    /**
     * @param origin where a value off the chain comes from, for messages
     */
    ElementwiseRuns(List<NodeProto> nodes, GraphConstants constants, long opset, Function<String, String> origin) {
        this.nodes = nodes;
        this.constants = constants;
        this.opset = opset;
        this.origin = origin;
    }

    /**
     * What the nodes {@code span} compute from {@code in}, a value of rank {@code rank}: activations, an
     * affine map, or why neither.
     */
    Meaning interpret(List<Integer> span, String in, int rank) {
        if (span.size() == 1) {
            Optional<Meaning> direct = direct(span.get(0));
            if (direct.isPresent()) {
                return direct.get();
            }
        }
        Affine affine = affine(span, in, rank);
        if (affine != null) {
            return affine.isIdentity() ? Meaning.of(List.of()) : new Meaning(null, affine, null, span.get(0));
        }
        Map<String, double[]> values = new HashMap<>();
        double[] x = Elementwise.probes(scalars(span));
        values.put(in, x);
        for (int n : span) {
            NodeProto node = nodes.get(n);
            if (!Elementwise.evaluable(node)) {
                return Meaning.refused(n, "is not element-wise on each value alone");
            }
            List<double[]> args = new ArrayList<>();
            for (String name : node.getInputList()) {
                if (name.isEmpty()) {
                    args.add(null);
                } else if (values.containsKey(name)) {
                    args.add(values.get(name));
                } else {
                    Const c = constants.value(name, n);
                    if (c == null) {
                        return Meaning.refused(n, "uses '" + name + "', " + origin.apply(name));
                    }
                    if (!c.uniform()) {
                        return Meaning.refused(n, "uses the constant '" + name + "' of shape " + c.shapeString()
                                + " with different values per feature, which no activation does");
                    }
                    args.add(new double[] {c.values()[0]});
                }
            }
            values.put(node.getOutput(0), Elementwise.eval(node, opset, args));
        }
        double[] y = values.get(nodes.get(span.get(span.size() - 1)).getOutput(0));
        Optional<ActivationCall> found = Elementwise.identify(x, y);
        if (found.isPresent()) {
            return Meaning.of(found.get().activation() == Activation.LINEAR ? List.of() : List.of(found.get()));
        }
        String ops = span.stream().map(n -> nodes.get(n).getOpType()).collect(Collectors.joining(", "));
        return Meaning.refused(span.get(0), (span.size() == 1 ? "computes" : "and the nodes after it (" + ops
                + ") compute") + " an element-wise function that is none of netc's activations");
    }

    /** The scalar constants and Clip bounds the nodes of {@code span} use: where their function may bend. */
    private List<Double> scalars(List<Integer> span) {
        List<Double> found = new ArrayList<>();
        for (int n : span) {
            NodeProto node = nodes.get(n);
            for (String name : node.getInputList()) {
                Const c = name.isEmpty() || !constants.isConstant(name) ? null : constants.value(name, n);
                if (c != null && c.uniform() && c.values().length > 0) {
                    found.add(c.values()[0]);
                }
            }
            if (node.getOpType().equals("Clip")) {
                for (double bound : Nodes.clipBounds(node, opset, k -> null)) {
                    found.add(bound);
                }
            }
        }
        return found;
    }

    /** The meaning of a single well-known activation node, with the reason when its attributes do not fit. */
    private Optional<Meaning> direct(int n) {
        NodeProto node = nodes.get(n);
        if (!Elementwise.isDefaultDomain(node)) {
            return Optional.empty();
        }
        return Optional.ofNullable(switch (node.getOpType()) {
            case "Identity", "Dropout" -> Meaning.of(List.of());
            case "Relu" -> one(Activation.RELU);
            case "Sigmoid" -> one(Activation.SIGMOID);
            case "Tanh" -> one(Activation.TANH);
            case "Softplus" -> one(Activation.SOFTPLUS);
            case "Softsign" -> one(Activation.SOFTSIGN);
            case "Exp" -> one(Activation.EXPONENTIAL);
            case "Mish" -> one(Activation.MISH);
            case "HardSwish" -> one(Activation.HARD_SILU);
            case "LeakyRelu" -> withSlope(n, Activation.LEAKY_RELU, Nodes.floatAttr(node, "alpha", 0.01));
            case "Elu" -> withSlope(n, Activation.ELU, Nodes.floatAttr(node, "alpha", 1.0));
            case "Selu" -> {
                double a = Nodes.floatAttr(node, "alpha", Elementwise.ONNX_SELU_ALPHA);
                double g = Nodes.floatAttr(node, "gamma", Elementwise.ONNX_SELU_GAMMA);
                if (Math.abs(a - Elementwise.ONNX_SELU_ALPHA) > 1e-6 || Math.abs(g - Elementwise.ONNX_SELU_GAMMA) > 1e-6) {
                    yield Meaning.refused(n, "alpha=" + Nodes.shortest(a) + ", gamma=" + Nodes.shortest(g)
                            + " is not the standard SELU (alpha=1.6732632, gamma=1.0507010), the only one netc has");
                }
                yield one(Activation.SELU);
            }
            case "HardSigmoid" -> {
                double a = Nodes.floatAttr(node, "alpha", 0.2);
                double b = Nodes.floatAttr(node, "beta", 0.5);
                if (Math.abs(a - 1.0 / 6) > 1e-6 || Math.abs(b - 0.5) > 1e-6) {
                    yield Meaning.refused(n, "alpha=" + Nodes.shortest(a) + ", beta=" + Nodes.shortest(b)
                            + " is not netc's hard_sigmoid, which is Keras 3's clip(x/6 + 1/2, 0, 1)"
                            + " (alpha=1/6, beta=0.5)");
                }
                yield one(Activation.HARD_SIGMOID);
            }
            case "Gelu" -> {
                String approximate = Nodes.stringAttr(node, "approximate", "none");
                yield switch (approximate) {
                    case "none" -> one(Activation.GELU);
                    case "tanh" -> one(Activation.GELU_TANH);
                    default -> Meaning.refused(n, "approximate='" + approximate + "' is unknown");
                };
            }
            case "Clip" -> clip(n);
            case "PRelu" -> {
                Const slope = node.getInputCount() > 1 ? constants.value(node.getInput(1), n) : null;
                if (slope == null || !slope.uniform()) {
                    yield Meaning.refused(n, "has a slope per feature (or not a constant one); netc's leaky_relu"
                            + " has one slope");
                }
                yield withSlope(n, Activation.LEAKY_RELU, slope.values()[0]);
            }
            default -> null;
        });
    }

    private static Meaning one(Activation a) {
        return Meaning.of(List.of(ActivationCall.of(a)));
    }

    /** leaky_relu or elu with the node's slope, refused when the slope is infinite or NaN. */
    private static Meaning withSlope(int n, Activation a, double slope) {
        if (!Double.isFinite(slope)) {
            return Meaning.refused(n, "its slope alpha=" + slope + " is not a finite number");
        }
        return Meaning.of(List.of(new ActivationCall(a, List.of(Nodes.shortest(slope)))));
    }

    private Meaning clip(int n) {
        double[] bounds = Nodes.clipBounds(nodes.get(n), opset, k -> bound(n, k));
        double lo = bounds[0];
        double hi = bounds[1];
        if (lo == 0 && hi == 6) {
            return one(Activation.RELU6);
        }
        if (lo == 0 && hi == Double.POSITIVE_INFINITY) {
            return one(Activation.RELU);
        }
        if (lo == Double.NEGATIVE_INFINITY && hi == Double.POSITIVE_INFINITY) {
            return Meaning.of(List.of());
        }
        return Meaning.refused(n, "Clip(" + Nodes.shortest(lo) + ", " + Nodes.shortest(hi) + ") is none of netc's"
                + " activations; netc has relu (Clip(0, inf)) and relu6 (Clip(0, 6))");
    }

    /** Clip's bound at input {@code index}, a constant scalar; null when the node does not have it. */
    private Double bound(int n, int index) {
        NodeProto node = nodes.get(n);
        if (node.getInputCount() <= index || node.getInput(index).isEmpty()) {
            return null;
        }
        Const c = constants.value(node.getInput(index), n);
        if (c == null || c.values().length != 1) {
            throw new Refusal(Nodes.describe(node, n) + ": its bound '" + node.getInput(index)
                    + "' is not a constant scalar");
        }
        return c.values()[0];
    }

    /** The per-feature affine map a run of nodes computes (bias adds, scalings, BatchNormalization), or null. */
    private Affine affine(List<Integer> span, String in, int rank) {
        Affine total = Affine.IDENTITY;
        String current = in;
        for (int n : span) {
            NodeProto node = nodes.get(n);
            Affine step = affineStep(n, node, current, rank);
            if (step == null) {
                return null;
            }
            total = total.then(step);
            current = node.getOutput(0);
        }
        return total;
    }

    private Affine affineStep(int n, NodeProto node, String x, int rank) {
        String op = node.getOpType();
        boolean binary = Set.of("Add", "Sub", "Mul", "Div").contains(op) && node.getInputCount() == 2;
        if (node.getInputCount() == 0 || !(node.getInput(0).equals(x) || (binary && node.getInput(1).equals(x)))) {
            return null;
        }
        if (node.getDomain().equals("ai.onnx.ml") && op.equals("Scaler")) {
            double[] offset = node.getAttributeList().stream().filter(a -> a.getName().equals("offset"))
                    .flatMap(a -> a.getFloatsList().stream()).mapToDouble(Float::doubleValue).toArray();
            double[] scale = node.getAttributeList().stream().filter(a -> a.getName().equals("scale"))
                    .flatMap(a -> a.getFloatsList().stream()).mapToDouble(Float::doubleValue).toArray();
            if (offset.length == 0) {
                offset = new double[] {0};
            }
            if (scale.length == 0) {
                scale = new double[] {1};
            }
            Affine shift = new Affine(new double[] {1}, Arrays.stream(offset).map(o -> -o).toArray());
            return shift.then(new Affine(scale, new double[] {0}));
        }
        if (!Elementwise.isDefaultDomain(node)) {
            return null;
        }
        switch (op) {
            case "Identity", "Dropout", "Cast":
                return op.equals("Cast") && !Set.of((long) Const.FLOAT, (long) Const.DOUBLE)
                        .contains(Nodes.intAttr(node, "to", 0)) ? null : Affine.IDENTITY;
            case "Neg":
                return new Affine(new double[] {-1}, new double[] {0});
            case "BatchNormalization": {
                if (rank != 2) {
                    return null;
                }
                double eps = Nodes.floatAttr(node, "epsilon", 1e-5);
                Const scale = constants.value(node.getInput(1), n);
                Const bias = constants.value(node.getInput(2), n);
                Const mean = constants.value(node.getInput(3), n);
                Const var = constants.value(node.getInput(4), n);
                if (scale == null || bias == null || mean == null || var == null) {
                    return null;
                }
                int w = scale.values().length;
                if (bias.values().length != w || mean.values().length != w || var.values().length != w) {
                    throw new Refusal(Nodes.describe(node, n) + ": its scale, B, mean and var hold "
                            + w + ", " + bias.values().length + ", " + mean.values().length + " and "
                            + var.values().length + " values; each needs one per feature");
                }
                double[] s = new double[w];
                double[] t = new double[w];
                for (int i = 0; i < w; i++) {
                    s[i] = scale.values()[i] / Math.sqrt(var.values()[i] + eps);
                    t[i] = bias.values()[i] - mean.values()[i] * s[i];
                }
                return new Affine(s, t);
            }
            case "Add", "Sub", "Mul", "Div": {
                if (node.getInputCount() != 2) {
                    return null;
                }
                boolean first = node.getInput(0).equals(x);
                String other = first ? node.getInput(1) : node.getInput(0);
                if (other.equals(x)) {
                    return null;
                }
                Const c = constants.value(other, n);
                if (c == null || !c.isFloatType() || !featureShaped(c, rank)) {
                    return null;
                }
                double[] v = c.values();
                double[] one = {1};
                double[] zero = {0};
                return switch (op) {
                    case "Add" -> new Affine(one, v);
                    case "Sub" -> first ? new Affine(one, Arrays.stream(v).map(d -> -d).toArray())
                            : new Affine(new double[] {-1}, v);
                    case "Mul" -> new Affine(v, zero);
                    default -> first ? new Affine(Arrays.stream(v).map(d -> 1 / d).toArray(), zero) : null;
                };
            }
            default:
                return null;
        }
    }

    /** True for constants that broadcast along the feature axis only: (), (W,), (1, W), (1, 1, W) ... */
    private static boolean featureShaped(Const c, int rank) {
        long[] d = c.dims();
        if (d.length > rank) {
            return false;
        }
        for (int i = 0; i < d.length - 1; i++) {
            if (d[i] != 1) {
                return false;
            }
        }
        return true;
    }
}
