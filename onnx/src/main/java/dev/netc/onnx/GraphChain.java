package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.TensorShapeProto;
import dev.netc.onnx.proto.Onnx.ValueInfoProto;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The graph around the layer chain: which output and which input the network has, which nodes the
 * output needs (and which of them only compute shapes), and which nodes read each value, refusing
 * graphs with several outputs or inputs and cycles.
 */
final class GraphChain {
    private final GraphProto graph;
    private final List<NodeProto> nodes;
    private final GraphConstants constants;
    private final List<String> notes;
    private final Map<String, Integer> producer = new HashMap<>();
    private final Map<String, List<Integer>> consumers = new HashMap<>();
    private final boolean[] needed;
    private final boolean[] metadata;
    private String target;
    private String input;

    /**
     * @param notes where to say what is left out (other outputs, unused inputs)
     */
    GraphChain(GraphProto graph, GraphConstants constants, List<String> notes) {
        this.graph = graph;
        this.nodes = graph.getNodeList();
        this.constants = constants;
        this.notes = notes;
        this.needed = new boolean[nodes.size()];
        this.metadata = new boolean[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            for (String out : nodes.get(i).getOutputList()) {
                if (!out.isEmpty()) {
                    producer.putIfAbsent(out, i);
                }
            }
        }
        chooseOutput();
        markNeeded();
        refuseCycles();
        chooseInput();
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    NodeProto node(int index) {
        return nodes.get(index);
    }

    /** The value the network computes. */
    String target() {
        return target;
    }

    /** The graph input the network reads. */
    String input() {
        return input;
    }

    /** The node that computes {@code value}, or null for inputs, initializers and missing values. */
    Integer producerOf(String value) {
        return producer.get(value);
    }

    /** Whether node {@code index} computes a shape from a chain value rather than a layer value. */
    boolean isMetadata(int index) {
        return metadata[index];
    }

    /** The needed nodes that read {@code value} as a layer value, in graph order. */
    List<Integer> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    boolean isConsumed(String value) {
        return consumers.containsKey(value);
    }

    boolean isGraphInput(String value) {
        return graph.getInputList().stream().anyMatch(v -> v.getName().equals(value));
    }

    Refusal refuse(int n, String why) {
        return new Refusal(Nodes.describe(nodes.get(n), n) + ": " + why);
    }

    /** Refuses node {@code n} when an output other than its first is used. */
    void refuseUsedExtraOutputs(int n) {
        NodeProto node = nodes.get(n);
        for (String extra : node.getOutputList().subList(1, node.getOutputCount())) {
            if (consumers.containsKey(extra) || extra.equals(target)) {
                throw refuse(n, "its output '" + extra + "' is used; netc reads only the first output");
            }
        }
    }

    /** Where a value off the chain comes from, for messages. */
    String origin(String value) {
        if (isGraphInput(value)) {
            return "a second graph input";
        }
        Integer p = producer.get(value);
        return p == null ? "which nothing produces (a missing initializer?)"
                : "computed by " + Nodes.describe(nodes.get(p), p) + " off the chain";
    }

    /** The nodes other than {@code except} that read {@code value}, for messages. */
    String describeOthers(String value, int except) {
        return consumers.getOrDefault(value, List.of()).stream().filter(c -> c != except)
                .map(c -> Nodes.describe(nodes.get(c), c)).collect(Collectors.joining(" and "));
    }

    int inputElemType() {
        ValueInfoProto v = inputInfo();
        return v.getType().hasTensorType() ? v.getType().getTensorType().getElemType() : 0;
    }

    /** The input's declared shape, with symbols for the dimensions it leaves open. */
    List<Dim> inputDims() {
        ValueInfoProto v = inputInfo();
        if (!v.getType().hasTensorType() || !v.getType().getTensorType().hasShape()) {
            return List.of(Dim.symbol("N"), Dim.symbol("?width"));
        }
        List<Dim> result = new ArrayList<>();
        List<TensorShapeProto.Dimension> shape = v.getType().getTensorType().getShape().getDimList();
        for (int i = 0; i < shape.size(); i++) {
            TensorShapeProto.Dimension d = shape.get(i);
            if (d.hasDimValue() && d.getDimValue() > 0) {
                result.add(Dim.of(d.getDimValue()));
            } else {
                result.add(Dim.symbol(d.hasDimParam() && !d.getDimParam().isEmpty() ? d.getDimParam() : "?" + i));
            }
        }
        if (result.isEmpty()) {
            throw new Refusal("the graph input '" + input + "' is a scalar; netc networks take rows of values");
        }
        return result;
    }

    private ValueInfoProto inputInfo() {
        return graph.getInputList().stream().filter(v -> v.getName().equals(input)).findFirst().orElseThrow();
    }

    private void chooseOutput() {
        List<ValueInfoProto> outputs = graph.getOutputList();
        if (outputs.isEmpty()) {
            throw new Refusal("the graph has no output");
        }
        List<ValueInfoProto> floats = new ArrayList<>();
        for (ValueInfoProto o : outputs) {
            Integer p = producer.get(o.getName());
            if (p != null && nodes.get(p).getOpType().equals("ZipMap")) {
                continue;
            }
            int type = o.getType().hasTensorType() ? o.getType().getTensorType().getElemType() : -1;
            boolean untyped = !o.hasType()
                    || (!o.getType().hasTensorType() && o.getType().getUnknownFields().asMap().isEmpty());
            if (type == Const.FLOAT || type == Const.DOUBLE || untyped) {
                floats.add(o);
            }
        }
        if (floats.size() > 1) {
            throw new Refusal("the graph has " + floats.size() + " float outputs ("
                    + floats.stream().map(o -> "'" + o.getName() + "'").collect(Collectors.joining(", "))
                    + "); netc networks have one output");
        }
        if (floats.size() == 1) {
            target = floats.get(0).getName();
        } else {
            // skl2onnx classifiers end in ZipMap (probabilities as a list of maps); take its input.
            for (ValueInfoProto o : outputs) {
                Integer p = producer.get(o.getName());
                if (p != null && nodes.get(p).getOpType().equals("ZipMap")) {
                    target = nodes.get(p).getInput(0);
                    notes.add("output '" + o.getName() + "' (ZipMap of '" + target + "') is imported as the"
                            + " probabilities tensor '" + target + "'");
                    break;
                }
            }
            if (target == null) {
                throw new Refusal("the graph has no float tensor output (outputs: "
                        + outputs.stream().map(o -> "'" + o.getName() + "' " + typeText(o))
                                .collect(Collectors.joining(", ")) + ")");
            }
        }
        for (ValueInfoProto o : outputs) {
            if (!o.getName().equals(target) && (producer.get(o.getName()) == null
                    || !nodes.get(producer.get(o.getName())).getOpType().equals("ZipMap"))) {
                Integer p = producer.get(o.getName());
                notes.add("output '" + o.getName() + "' " + typeText(o) + " is left out"
                        + (p != null ? " (computed by " + Nodes.describe(nodes.get(p), p) + ")" : "")
                        + "; a netc network has one output");
            }
        }
    }

    private static String typeText(ValueInfoProto v) {
        if (v.getType().hasTensorType()) {
            return "(" + Const.typeName(v.getType().getTensorType().getElemType()) + " tensor)";
        }
        return "(not a tensor)";
    }

    /** Refuses a cycle among the needed nodes, which no valid ONNX graph has (it would read as a branch). */
    private void refuseCycles() {
        int[] state = new int[nodes.size()]; // 0: not visited, 1: on the current path, 2: done
        for (int start = 0; start < nodes.size(); start++) {
            if (!needed[start] || state[start] != 0) {
                continue;
            }
            Deque<int[]> path = new ArrayDeque<>(); // {node, index of its next input}
            path.push(new int[] {start, 0});
            state[start] = 1;
            while (!path.isEmpty()) {
                int[] top = path.peek();
                NodeProto node = nodes.get(top[0]);
                if (top[1] == node.getInputCount()) {
                    state[top[0]] = 2;
                    path.pop();
                    continue;
                }
                String in = node.getInput(top[1]++);
                Integer p = in.isEmpty() || constants.isConstant(in) ? null : producer.get(in);
                if (p == null || !needed[p] || state[p] == 2) {
                    continue;
                }
                if (state[p] == 1) {
                    throw refuse(top[0], "its input '" + in + "' depends on its own output: the graph has a cycle,"
                            + " which no valid ONNX model has");
                }
                state[p] = 1;
                path.push(new int[] {p, 0});
            }
        }
    }

    /** Marks the nodes the output depends on, other than constants, and indexes who consumes what. */
    private void markNeeded() {
        Deque<String> todo = new ArrayDeque<>(List.of(target));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String v = todo.pop();
            if (!seen.add(v) || constants.isConstant(v)) {
                continue;
            }
            Integer p = producer.get(v);
            if (p == null || needed[p]) {
                continue;
            }
            needed[p] = true;
            for (String in : nodes.get(p).getInputList()) {
                if (!in.isEmpty()) {
                    todo.push(in);
                }
            }
        }
        // Shape arithmetic (Shape -> Gather -> Concat -> Reshape) reads a chain value without
        // being a step of the chain.
        for (int i = 0; i < nodes.size(); i++) {
            if (needed[i] && nodes.get(i).getOpType().equals("Shape")) {
                metadata[i] = true;
            }
        }
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < nodes.size(); i++) {
                if (!needed[i] || metadata[i] || !Set.of("Gather", "Unsqueeze", "Squeeze", "Concat", "Cast",
                        "Slice", "Identity", "Mul", "Div", "ReduceProd").contains(nodes.get(i).getOpType())) {
                    continue;
                }
                boolean fromShape = false;
                boolean onlyShape = true;
                for (String in : nodes.get(i).getInputList()) {
                    if (in.isEmpty() || constants.isConstant(in)) {
                        continue;
                    }
                    Integer p = producer.get(in);
                    if (p != null && metadata[p]) {
                        fromShape = true;
                    } else {
                        onlyShape = false;
                    }
                }
                if (fromShape && onlyShape) {
                    metadata[i] = true;
                    changed = true;
                }
            }
        }
        for (int i = 0; i < nodes.size(); i++) {
            if (!needed[i] || metadata[i]) {
                continue;
            }
            for (String in : new LinkedHashSet<>(nodes.get(i).getInputList())) {
                if (!in.isEmpty() && !constants.isConstant(in) && !isMetadataValue(in)) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(i);
                }
            }
        }
    }

    private boolean isMetadataValue(String name) {
        Integer p = producer.get(name);
        return p != null && metadata[p];
    }

    private void chooseInput() {
        List<ValueInfoProto> inputs = graph.getInputList().stream()
                .filter(v -> !constants.isInitializer(v.getName())).toList();
        if (inputs.isEmpty()) {
            throw new Refusal("the graph has no input");
        }
        List<ValueInfoProto> used = inputs.stream()
                .filter(v -> consumers.containsKey(v.getName()) || v.getName().equals(target)
                        || usedByShape(v.getName()))
                .toList();
        if (used.isEmpty()) {
            throw new Refusal("the output '" + target + "' does not depend on the graph input '"
                    + inputs.get(0).getName() + "'");
        }
        ValueInfoProto main = used.get(0);
        if (used.size() > 1) {
            int first = Integer.MAX_VALUE;
            String second = null;
            for (ValueInfoProto v : used.subList(1, used.size())) {
                for (int c : consumers.getOrDefault(v.getName(), List.of())) {
                    if (c < first) {
                        first = c;
                        second = v.getName();
                    }
                }
            }
            String names = used.stream().map(v -> "'" + v.getName() + "'").collect(Collectors.joining(", "));
            if (second != null) {
                throw new Refusal(Nodes.describe(nodes.get(first), first) + ": uses the graph input '" + second
                        + "' besides '" + main.getName() + "'; netc networks have one input (the graph has "
                        + used.size() + ": " + names + ")");
            }
            throw new Refusal("the graph has " + used.size() + " inputs (" + names + "); netc networks have one");
        }
        for (ValueInfoProto v : inputs) {
            if (v != main) {
                notes.add("graph input '" + v.getName() + "' is not used by the output and is left out");
            }
        }
        input = main.getName();
        int elem = inputElemType();
        if (elem != 0 && elem != Const.FLOAT && elem != Const.DOUBLE) {
            throw new Refusal("the graph input '" + input + "' has element type " + Const.typeName(elem)
                    + "; netc networks take float32 or float64 values");
        }
    }

    private boolean usedByShape(String name) {
        for (int i = 0; i < nodes.size(); i++) {
            if (metadata[i] && nodes.get(i).getInputList().contains(name)) {
                return true;
            }
        }
        return false;
    }
}
