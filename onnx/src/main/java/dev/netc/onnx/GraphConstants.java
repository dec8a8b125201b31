package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.AttributeProto;
import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.TensorProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The constant values of a graph: its initializers, decoded on first use, the outputs of its
 * {@code Constant} nodes, and those of the few nodes over constants that exporters leave unfolded
 * (casts, transposes, element-wise arithmetic), evaluated once up front. A constant that cannot be
 * read is remembered with its refusal, which is thrown only if the chain uses it.
 */
final class GraphConstants {
    private final List<NodeProto> nodes;
    private final long opset;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, Const> constants = new HashMap<>();
    private final Map<String, Refusal> broken = new HashMap<>();
    private final boolean[] folded;

    GraphConstants(GraphProto graph, long opset) {
        this.nodes = graph.getNodeList();
        this.opset = opset;
        this.folded = new boolean[nodes.size()];
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
        }
        fold();
    }

    boolean isInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** Whether node {@code index} is a {@code Constant} or was evaluated here. */
    boolean isFolded(int index) {
        return folded[index];
    }

    /**
     * The value of {@code name} if it is an initializer or an evaluated node's output.
     *
     * @throws Refusal if it is one but cannot be read
     */
    Optional<Const> known(String name) {
        return constants.containsKey(name) || initializers.containsKey(name) ? Optional.of(value(name, -1))
                : Optional.empty();
    }

    /** Reads the {@code Constant} nodes and evaluates the nodes over constants, in graph order. */
    private void fold() {
        for (int i = 0; i < nodes.size(); i++) {
            NodeProto node = nodes.get(i);
            if (node.getOpType().equals("Constant") && Elementwise.isDefaultDomain(node)) {
                try {
                    constants.put(node.getOutput(0), constantValue(node, i));
                } catch (Refusal e) {
                    broken.put(node.getOutput(0), e);
                }
                folded[i] = true;
                continue;
            }
            if (node.getInputCount() == 0 || node.getOpType().equals("Shape")) {
                continue;
            }
            boolean allConstant = node.getInputList().stream().allMatch(n -> n.isEmpty() || isConstant(n));
            if (allConstant) {
                Optional<Const> value;
                try {
                    value = evaluate(node, i);
                } catch (Refusal e) {
                    value = Optional.empty();
                }
                if (value.isPresent()) {
                    constants.put(node.getOutput(0), value.get());
                    folded[i] = true;
                }
            }
        }
    }

    private Const constantValue(NodeProto node, int index) {
        String what = Nodes.describe(node, index);
        for (AttributeProto a : node.getAttributeList()) {
            switch (a.getName()) {
                case "value":
                    return Tensors.decode(a.getT(), what + ": its value");
                case "value_float":
                    return new Const(new long[0], Const.FLOAT, new double[] {a.getF()});
                case "value_floats":
                    return new Const(new long[] {a.getFloatsCount()}, Const.FLOAT,
                            a.getFloatsList().stream().mapToDouble(Float::doubleValue).toArray());
                case "value_int":
                    return new Const(new long[0], Const.INT64, new double[] {a.getI()});
                case "value_ints":
                    return new Const(new long[] {a.getIntsCount()}, Const.INT64,
                            a.getIntsList().stream().mapToDouble(Long::doubleValue).toArray());
                default:
                    break;
            }
        }
        throw new Refusal(what + ": only dense tensors, floats and ints are read as constants");
    }

    /** Evaluates a node whose inputs are all constants, when it is one of the few that exporters leave unfolded. */
    private Optional<Const> evaluate(NodeProto node, int index) {
        if (!Elementwise.isDefaultDomain(node)) {
            return Optional.empty();
        }
        List<Const> in = new ArrayList<>();
        for (String name : node.getInputList()) {
            in.add(name.isEmpty() ? null : value(name, index));
        }
        Const x = in.get(0);
        switch (node.getOpType()) {
            case "Identity":
                return Optional.of(x);
            case "Cast": {
                long to = Nodes.intAttr(node, "to", 0);
                double[] v = x.values().clone();
                if (to == Const.FLOAT) {
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) v[i];
                    }
                } else if (to != Const.DOUBLE && to != Const.INT64 && to != Const.INT32) {
                    return Optional.empty();
                }
                return Optional.of(new Const(x.dims(), (int) to, v));
            }
            case "Transpose": {
                if (x.rank() != 2) {
                    return x.rank() < 2 ? Optional.of(x) : Optional.empty();
                }
                List<Long> perm = Nodes.intsAttr(node, "perm");
                if (!perm.isEmpty() && !perm.equals(List.of(1L, 0L))) {
                    return Optional.of(x);
                }
                return Optional.of(x.transposed());
            }
            case "Reshape", "Flatten", "Squeeze", "Unsqueeze":
                return Optional.empty();
            default:
                break;
        }
        if (Elementwise.evaluable(node) && node.getOutputCount() >= 1) {
            long[] dims = new long[0];
            long size = 1;
            List<double[]> arrays = new ArrayList<>();
            for (Const c : in) {
                if (c == null) {
                    arrays.add(null);
                    continue;
                }
                if (c.values().length > size) {
                    dims = c.dims();
                    size = c.values().length;
                }
                arrays.add(c.values());
            }
            for (double[] a : arrays) {
                if (a != null && a.length != 1 && a.length != size) {
                    return Optional.empty();
                }
            }
            if (arrays.get(0) == null) {
                return Optional.empty();
            }
            double[] values = Elementwise.eval(node, opset, arrays);
            if (values.length != size) {
                double[] full = new double[(int) size];
                Arrays.fill(full, values[0]);
                values = full;
            }
            return Optional.of(new Const(dims, x.type(), values));
        }
        return Optional.empty();
    }

    /** Whether {@code name} is an initializer or the output of a node this class evaluated (or failed to). */
    boolean isConstant(String name) {
        return initializers.containsKey(name) || constants.containsKey(name) || broken.containsKey(name);
    }

    /**
     * The value of a constant, decoding an initializer on first use; messages name node {@code user}
     * that uses it ({@code -1}: none).
     *
     * @throws Refusal if the constant cannot be read
     */
    Const value(String name, int user) {
        Const c = constants.get(name);
        if (broken.containsKey(name)) {
            throw broken.get(name);
        }
        if (c == null && initializers.containsKey(name)) {
            c = Tensors.decode(initializers.get(name),
                    (user >= 0 ? Nodes.describe(nodes.get(user), user) + ": " : "") + "initializer '" + name + "'");
            constants.put(name, c);
        }
        return c;
    }
}
