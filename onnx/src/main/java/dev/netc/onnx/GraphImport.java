package dev.netc.onnx;

import dev.netc.onnx.ElementwiseRuns.Meaning;
import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netc.runtime.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads the graph of an ONNX model as a sequential network: starting at the graph input, it
 * follows the chain of nodes to the output, turning each {@code Gemm} or {@code MatMul} with
 * constant weights into a dense layer, folding bias adds and per-feature affine maps into the
 * adjacent dense layer, recognising runs of element-wise nodes as activations, and checking that
 * shape operations ({@code Flatten}, {@code Reshape}) keep each sample's values together.
 * Anything else stops it with a {@link Refusal} that names the node to blame.
 */
final class GraphImport {
    /** Operators that mark a model as something other than a multilayer perceptron. */
    private static final Set<String> NOT_DENSE = Set.of(
            "Conv", "ConvTranspose", "ConvInteger", "MaxPool", "AveragePool", "GlobalAveragePool", "GlobalMaxPool",
            "LpPool", "MaxUnpool", "LSTM", "GRU", "RNN", "Attention", "MultiHeadAttention", "Einsum", "Gather",
            "Embedding", "Resize", "Upsample", "Pad", "DepthToSpace", "SpaceToDepth", "LRN",
            "InstanceNormalization", "GroupNormalization", "Loop", "If", "Scan", "QLinearConv", "QLinearMatMul",
            "MatMulInteger", "DequantizeLinear", "QuantizeLinear", "ReduceMean", "ReduceSum", "ReduceMax",
            "TopK", "NonMaxSuppression", "RoiAlign", "Split", "Slice", "Tile", "Expand");

    /** What the walk found: the layers in order and what the .net file should say about them. */
    record Result(int inputWidth, Precision precision, List<Object> steps, List<String> notes, String inputName,
            String inputShape, String outputName, long opset, String producer) {}

    private final ModelProto model;
    private final GraphProto graph;
    private final long opset;
    private final List<NodeProto> nodes;
    private GraphConstants constants;
    private GraphChain chain;
    private ChainShape shape;
    private ConstantInputs inputs;
    private LayerAssembly layers;
    private BinaryClassifierOutput binary;
    private ElementwiseRuns runs;
    private final List<String> notes = new ArrayList<>();


    GraphImport(ModelProto model) {
        this.model = model;
        this.graph = model.getGraph();
        this.nodes = graph.getNodeList();
        this.opset = model.getOpsetImportList().stream()
                .filter(o -> o.getDomain().isEmpty() || o.getDomain().equals("ai.onnx"))
                .mapToLong(OperatorSetIdProto::getVersion).max().orElse(13);
    }

    Result run() {
        if (!model.hasGraph()) {
            throw new Refusal("the model has no graph");
        }
        if (graph.getSparseInitializerCount() > 0) {
            throw new Refusal("the graph has sparse initializers, which netc does not read");
        }
        constants = new GraphConstants(graph, opset);
        chain = new GraphChain(graph, constants, notes);
        shape = new ChainShape(chain, constants, notes);
        inputs = new ConstantInputs(chain, constants);
        layers = new LayerAssembly(chain, shape, inputs, opset);
        binary = new BinaryClassifierOutput(chain, constants, shape, layers, notes);
        runs = new ElementwiseRuns(nodes, constants, opset, chain::origin);
        walk();
        if (layers.steps().isEmpty()) {
            throw new Refusal("the graph computes no dense layer and no activation");
        }
        if (!layers.hasDense() && shape.inputWidth() < 0) {
            throw new Refusal("the graph has no dense layer and its input has no known width");
        }
        if (layers.hasPendingScaling()) {
            throw new Refusal("the per-feature scaling before the output cannot be folded into a dense layer");
        }
        Precision precision = layers.precision(chain.inputElemType());
        layers.checkArguments(precision);
        String producerText = model.getProducerName().isEmpty() ? ""
                : (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new Result(shape.inputWidth(), precision, layers.steps(), notes, chain.input(), ChainShape.text(chain.inputDims()),
                chain.target(), opset, producerText);
    }

    // ---- the walk along the chain

    private void walk() {
        String v = chain.input();
        shape.record(v);
        while (!v.equals(chain.target()) || !chain.consumers(v).isEmpty()) {
            List<Integer> cs = chain.consumers(v);
            if (cs.isEmpty()) {
                throw new Refusal("the value '" + v + "' leads nowhere");
            }
            Optional<BinaryClassifierOutput.Ending> ending = binary.find(v);
            if (ending.isPresent()) {
                v = binary.read(ending.get());
                shape.record(v);
                continue;
            }
            int n = cs.get(0);
            NodeProto node = nodes.get(n);
            if (cs.size() == 1 && !isStretchOp(node)) {
                v = structural(v, n);
            } else {
                v = stretch(v);
            }
            shape.record(v);
        }
    }

    private static boolean isStretchOp(NodeProto node) {
        if (Elementwise.evaluable(node) || node.getOpType().equals("BatchNormalization")) {
            return Elementwise.isDefaultDomain(node);
        }
        return node.getDomain().equals("ai.onnx.ml") && node.getOpType().equals("Scaler");
    }

    /**
     * Refuses BatchNormalization and Dropout in training mode: the one normalizes by each batch's own
     * statistics, the other drops values at random, neither what a network computes per sample.
     */
    private void checkInferenceMode(int n, NodeProto node) {
        boolean training = switch (node.getOpType()) {
            // Before opset 14 training mode is spelled by asking for the running statistics as outputs.
            case "BatchNormalization" -> Nodes.intAttr(node, "training_mode", 0) != 0
                    || opset < 14 && node.getOutputList().stream().skip(1).anyMatch(o -> !o.isEmpty());
            case "Dropout" -> node.getInputCount() > 2 && !node.getInput(2).isEmpty() && inputs.isTrue(node.getInput(2), n);
            default -> false;
        };
        if (training) {
            throw chain.refuse(n, "is in training mode, which " + (node.getOpType().equals("Dropout")
                    ? "drops values at random" : "normalizes each batch by its own mean and variance")
                    + "; export the model for inference (PyTorch: model.eval(); Keras: training=False)");
        }
    }

    /** One node on the chain that is not element-wise: a dense layer, softmax, or a shape operation. */
    private String structural(String v, int n) {
        NodeProto node = nodes.get(n);
        String op = node.getOpType();
        if (!Elementwise.isDefaultDomain(node)) {
            throw chain.refuse(n, "operators of domain '" + node.getDomain() + "' are not supported");
        }
        switch (op) {
            case "Gemm", "MatMul" -> layers.dense(v, n);
            case "Softmax", "LogSoftmax" -> layers.rowWise(n);
            case "Flatten" -> shape.flatten(n, layers.begun());
            case "Reshape" -> shape.reshape(n, layers.begun());
            case "Squeeze" -> shape.squeeze(n);
            default -> {
                if (NOT_DENSE.contains(op)) {
                    throw chain.refuse(n, "only dense networks (multilayer perceptrons) are supported");
                }
                if (op.equals("Transpose")) {
                    throw chain.refuse(n, "transposes the layer values; only sequential dense networks are supported");
                }
                if (op.equals("Concat") || op.equals("Sum")) {
                    throw chain.refuse(n, "combines several values; only sequential networks are supported");
                }
                throw chain.refuse(n, "operator " + op + " is not supported by the netc importer (it reads Gemm, MatMul,"
                        + " Add, element-wise activations, Softmax, LogSoftmax, Flatten and Reshape)");
            }
        }
        if (node.getOutputCount() > 1) {
            chain.refuseUsedExtraOutputs(n);
        }
        return node.getOutput(0);
    }

    // ---- runs of element-wise nodes

    private record Closure(String value, int count) {}

    /**
     * Collects the element-wise nodes from {@code start} up to where the chain narrows again to a
     * single value followed by a non-element-wise node (or the output), then splits them into the
     * fewest activations, folding per-feature affine pieces into the neighbouring dense layers.
     */
    private String stretch(String start) {
        Set<String> values = new HashSet<>(List.of(start));
        List<Integer> region = new ArrayList<>();
        Set<Integer> added = new HashSet<>();
        List<Closure> closures = new ArrayList<>(List.of(new Closure(start, 0)));
        int breaker = -1;
        while (true) {
            TreeSet<Integer> pending = new TreeSet<>();
            for (String v : values) {
                for (int c : chain.consumers(v)) {
                    if (!added.contains(c)) {
                        pending.add(c);
                    }
                }
            }
            if (pending.isEmpty()) {
                break;
            }
            int n = pending.first();
            NodeProto node = nodes.get(n);
            Closure last = closures.get(closures.size() - 1);
            boolean closed = last.count() == region.size();
            if (closed && !region.isEmpty() && binary.find(last.value()).isPresent()) {
                break;
            }
            if (!isStretchOp(node)) {
                if (closed && node.getInputList().contains(last.value())
                        && pending.size() == 1) {
                    breaker = n;
                    break;
                }
                String shared = node.getInputList().stream().filter(values::contains).findFirst().orElse(start);
                String others = chain.describeOthers(shared, n);
                throw chain.refuse(n, (others.isEmpty() ? "joins a branch that starts at '" + start + "'"
                        : "its input '" + shared + "' is also used by " + others)
                        + "; only sequential networks are supported (no branches or skip connections)");
            }
            for (String in : node.getInputList()) {
                if (!in.isEmpty() && !constants.isConstant(in) && !values.contains(in)) {
                    throw chain.refuse(n, "combines the chain with '" + in + "', " + chain.origin(in)
                            + "; only sequential networks are supported");
                }
            }
            checkInferenceMode(n, node);
            chain.refuseUsedExtraOutputs(n);
            region.add(n);
            added.add(n);
            values.add(node.getOutput(0));
            Set<String> live = new HashSet<>();
            for (String v : values) {
                if (v.equals(chain.target()) || chain.consumers(v).stream().anyMatch(c -> !added.contains(c))) {
                    live.add(v);
                }
            }
            if (live.size() == 1) {
                closures.add(new Closure(live.iterator().next(), region.size()));
            }
        }
        Closure end = closures.get(closures.size() - 1);
        if (end.count() != region.size() || closures.size() < 2) {
            int first = region.isEmpty() ? chain.consumers(start).get(0) : region.get(end.count());
            throw chain.refuse(first, "starts a branch that does not join the chain again; only sequential networks are"
                    + " supported");
        }
        boolean foldBack = layers.endsInLinearDense();
        boolean foldForward = breaker >= 0 && Set.of("Gemm", "MatMul").contains(nodes.get(breaker).getOpType());
        int k = closures.size() - 1;
        Meaning[][] meanings = new Meaning[k + 1][k + 1];
        int[] cost = new int[k + 1];
        int[] from = new int[k + 1];
        Arrays.fill(cost, Integer.MAX_VALUE);
        cost[0] = 0;
        for (int j = 1; j <= k; j++) {
            for (int i = 0; i < j; i++) {
                if (cost[i] == Integer.MAX_VALUE) {
                    continue;
                }
                Meaning m = runs.interpret(region.subList(closures.get(i).count(), closures.get(j).count()),
                        closures.get(i).value(), shape.dims().size());
                meanings[i][j] = m;
                int c;
                if (m.activations() != null) {
                    c = m.activations().size();
                } else if (m.affine() != null && ((i == 0 && foldBack) || (j == k && foldForward))) {
                    c = 0;
                } else {
                    continue;
                }
                if (cost[i] + c < cost[j] || (cost[i] + c == cost[j] && i < from[j])) {
                    cost[j] = cost[i] + c;
                    from[j] = i;
                }
            }
        }
        if (cost[k] == Integer.MAX_VALUE) {
            int r = 0;
            for (int i = 0; i <= k; i++) {
                if (cost[i] != Integer.MAX_VALUE) {
                    r = i;
                }
            }
            Meaning m = meanings[r][r + 1];
            if (m != null && m.refusal() != null) {
                throw chain.refuse(m.node(), m.refusal());
            }
            int first = region.get(closures.get(r).count());
            throw chain.refuse(first, "scales or shifts the values by constants, which netc can fold only into the dense"
                    + " layer right before or after it");
        }
        List<int[]> spans = new ArrayList<>();
        for (int j = k; j > 0; j = from[j]) {
            spans.add(0, new int[] {from[j], j});
        }
        for (int[] s : spans) {
            Meaning m = meanings[s[0]][s[1]];
            if (m.activations() != null) {
                m.activations().forEach(layers::emit);
            } else if (s[0] == 0 && foldBack) {
                layers.foldBack(m.affine(), region.get(0));
            } else {
                layers.foldForward(m.affine(), region.get(closures.get(s[0]).count()));
            }
        }
        return end.value();
    }
}
