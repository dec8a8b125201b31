package dev.netc.onnx;

import dev.netc.onnx.ElementwiseRuns.Meaning;
import dev.netc.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads a stretch of element-wise nodes on the chain (activations, spelled as one operator or as
 * their formula, bias adds, scalings) as the fewest activations, folding its per-feature affine
 * pieces into the neighbouring dense layers.
 */
final class ElementwiseStretch {
    /** A value where the stretch narrows to one again, after {@code count} of its nodes. */
    private record Closure(String value, int count) {}

    /**
     * The nodes of a stretch in graph order, the values where it narrows to one (the start first, the
     * end last), and the node right after it, or -1 at the output.
     */
    private record Region(List<Integer> nodes, List<Closure> closures, int breaker) {}

    private final GraphChain chain;
    private final GraphConstants constants;
    private final ConstantInputs inputs;
    private final ChainShape shape;
    private final LayerAssembly layers;
    private final BinaryClassifierOutput binary;
    private final ElementwiseRuns runs;
    private final long opset;

    ElementwiseStretch(GraphChain chain, GraphConstants constants, ConstantInputs inputs, ChainShape shape,
            LayerAssembly layers, BinaryClassifierOutput binary, long opset) {
        this.chain = chain;
        this.constants = constants;
        this.inputs = inputs;
        this.shape = shape;
        this.layers = layers;
        this.binary = binary;
        this.runs = new ElementwiseRuns(chain.nodes(), constants, opset, chain::origin);
        this.opset = opset;
    }

    /** Whether {@code node} can be part of a stretch: element-wise, BatchNormalization or Scaler. */
    static boolean admits(NodeProto node) {
        if (Elementwise.evaluable(node) || node.getOpType().equals("BatchNormalization")) {
            return Elementwise.isDefaultDomain(node);
        }
        return node.getDomain().equals("ai.onnx.ml") && node.getOpType().equals("Scaler");
    }

    /**
     * Splits the stretch from chain value {@code start} into the fewest activations, adding them to the
     * layers and folding its affine pieces into the dense layer before or after it.
     *
     * @return the value the stretch ends in
     */
    String read(String start) {
        Region stretch = collect(start);
        List<Integer> region = stretch.nodes();
        List<Closure> closures = stretch.closures();
        int breaker = stretch.breaker();
        boolean foldBack = layers.endsInLinearDense();
        boolean foldForward = breaker >= 0 && Set.of("Gemm", "MatMul").contains(chain.node(breaker).getOpType());
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
            throw chain.refuse(first, "scales or shifts the values by constants, which netc can fold only into the"
                    + " dense layer right before or after it");
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
        return closures.get(k).value();
    }

    /**
     * Collects the element-wise nodes from {@code start} up to where the chain narrows again to a
     * single value followed by a non-element-wise node (or the output), refusing branches that do not
     * join again.
     */
    private Region collect(String start) {
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
            NodeProto node = chain.node(n);
            Closure last = closures.get(closures.size() - 1);
            boolean closed = last.count() == region.size();
            if (closed && !region.isEmpty() && binary.find(last.value()).isPresent()) {
                break;
            }
            if (!admits(node)) {
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
            throw chain.refuse(first, "starts a branch that does not join the chain again; only sequential networks"
                    + " are supported");
        }
        return new Region(region, closures, breaker);
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
            case "Dropout" -> node.getInputCount() > 2 && !node.getInput(2).isEmpty()
                    && inputs.isTrue(node.getInput(2), n);
            default -> false;
        };
        if (training) {
            throw chain.refuse(n, "is in training mode, which " + (node.getOpType().equals("Dropout")
                    ? "drops values at random" : "normalizes each batch by its own mean and variance")
                    + "; export the model for inference (PyTorch: model.eval(); Keras: training=False)");
        }
    }
}
