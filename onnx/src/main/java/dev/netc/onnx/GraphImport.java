package dev.netc.onnx;

import dev.netc.onnx.ElementwiseRuns.Meaning;
import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Precision;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

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

    /** A dense layer being built; weights row-major (in, out). */
    static final class DenseStep {
        final List<String> nameHints;
        final int in;
        final int out;
        final double[] weights;
        double[] biases;
        ActivationCall activation = ActivationCall.of(Activation.LINEAR);
        int outWidth;

        DenseStep(List<String> nameHints, int in, int out, double[] weights, double[] biases) {
            this.nameHints = nameHints;
            this.in = in;
            this.out = out;
            this.weights = weights;
            this.biases = biases;
            this.outWidth = out;
        }
    }

    /** A standalone activation. */
    record ActivationStep(ActivationCall activation) {}

    /** What the walk found: the layers in order and what the .net file should say about them. */
    record Result(int inputWidth, Precision precision, List<Object> steps, List<String> notes, String inputName,
            String inputShape, String outputName, long opset, String producer) {}

    private final ModelProto model;
    private final GraphProto graph;
    private final long opset;
    private final List<NodeProto> nodes;
    private final Map<String, List<Dim>> chainDims = new HashMap<>();
    private GraphConstants constants;
    private GraphChain chain;
    private ConstantInputs inputs;
    private ElementwiseRuns runs;
    private ShapeExpressions shapes;
    private final List<String> notes = new ArrayList<>();
    private final List<Object> steps = new ArrayList<>();

    private List<Dim> dims;
    private Integer weightType;
    private int inputWidth = -1;
    private Affine pendingForward;

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
        dims = chain.inputDims();
        inputs = new ConstantInputs(chain, constants);
        runs = new ElementwiseRuns(nodes, constants, opset, chain::origin);
        shapes = new ShapeExpressions(constants, chain, chainDims);
        walk();
        if (steps.isEmpty()) {
            throw new Refusal("the graph computes no dense layer and no activation");
        }
        if (steps.stream().noneMatch(DenseStep.class::isInstance) && inputWidth < 0) {
            throw new Refusal("the graph has no dense layer and its input has no known width");
        }
        if (pendingForward != null) {
            throw new Refusal("the per-feature scaling before the output cannot be folded into a dense layer");
        }
        Precision precision = weightType != null && weightType == Const.DOUBLE ? Precision.DOUBLE
                : weightType != null ? Precision.FLOAT
                : chain.inputElemType() == Const.DOUBLE ? Precision.DOUBLE : Precision.FLOAT;
        for (Object step : steps) {
            ActivationCall a = step instanceof DenseStep d ? d.activation : ((ActivationStep) step).activation();
            a.checkArguments(precision).ifPresent(problem -> {
                throw new Refusal("the network computes in " + precision.keyword() + ", but " + problem);
            });
        }
        String producerText = model.getProducerName().isEmpty() ? ""
                : (model.getProducerName() + " " + model.getProducerVersion()).trim();
        return new Result(inputWidth, precision, steps, notes, chain.input(), shapeText(chain.inputDims()),
                chain.target(), opset, producerText);
    }

    private static String shapeText(List<Dim> dims) {
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "(", dims.size() == 1 ? ",)" : ")"));
    }

    // ---- the walk along the chain

    private void walk() {
        String v = chain.input();
        chainDims.put(v, dims);
        Dim last = dims.get(dims.size() - 1);
        if (last.known()) {
            inputWidth = (int) last.value();
        }
        while (!v.equals(chain.target()) || !chain.consumers(v).isEmpty()) {
            List<Integer> cs = chain.consumers(v);
            if (cs.isEmpty()) {
                throw new Refusal("the value '" + v + "' leads nowhere");
            }
            int[] pair = binaryPair(v);
            if (pair != null) {
                v = binaryProbabilities(pair);
                chainDims.put(v, dims);
                continue;
            }
            int n = cs.get(0);
            NodeProto node = nodes.get(n);
            if (cs.size() == 1 && !isStretchOp(node)) {
                v = structural(v, n);
            } else {
                v = stretch(v);
            }
            chainDims.put(v, dims);
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

    private int width() {
        Dim last = dims.get(dims.size() - 1);
        return last.known() ? (int) last.value() : -1;
    }

    private boolean started() {
        return !steps.isEmpty();
    }

    /** One node on the chain that is not element-wise: a dense layer, softmax, or a shape operation. */
    private String structural(String v, int n) {
        NodeProto node = nodes.get(n);
        String op = node.getOpType();
        if (!Elementwise.isDefaultDomain(node)) {
            throw chain.refuse(n, "operators of domain '" + node.getDomain() + "' are not supported");
        }
        switch (op) {
            case "Gemm", "MatMul" -> dense(v, n);
            case "Softmax", "LogSoftmax" -> rowWise(n);
            case "Flatten" -> flatten(n);
            case "Reshape" -> reshape(n);
            case "Squeeze" -> squeeze(n);
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

    private void dense(String v, int n) {
        NodeProto node = nodes.get(n);
        boolean gemm = node.getOpType().equals("Gemm");
        if (node.getInputCount() < 2) {
            throw chain.refuse(n, "needs two inputs");
        }
        if (!node.getInput(0).equals(v)) {
            throw chain.refuse(n, "multiplies its weights by the layer input from the left; netc computes input @ weights");
        }
        if (gemm && Nodes.intAttr(node, "transA", 0) != 0) {
            throw chain.refuse(n, "transA=1 transposes the layer input, mixing the values of different samples");
        }
        Const w = inputs.weights(n, node.getInput(1), "weights");
        if (w.rank() != 2) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have shape " + w.shapeString()
                    + "; a dense layer needs a matrix");
        }
        if (gemm && dims.size() != 2) {
            throw chain.refuse(n, "Gemm takes a matrix, but its input has shape " + shapeText(dims));
        }
        boolean transB = gemm && Nodes.intAttr(node, "transB", 0) != 0;
        Const k = transB ? w.transposed() : w;
        int in = (int) k.dims()[0];
        int out = (int) k.dims()[1];
        if (in <= 0 || out <= 0) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have an empty shape " + w.shapeString());
        }
        if (width() >= 0 && width() != in) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have shape " + w.shapeString()
                    + (transB ? " (transposed: " + k.shapeString() + ")" : "") + ", which takes " + in
                    + " values per sample, but its input has " + width());
        }
        if (inputWidth < 0) {
            inputWidth = in;
        }
        if (weightType == null) {
            weightType = w.type();
        } else if (weightType != w.type()) {
            throw chain.refuse(n, "its weights are " + Const.typeName(w.type()) + " but earlier layers' are "
                    + Const.typeName(weightType) + "; a netc network has one precision");
        }
        double[] weights = k.values().clone();
        double[] biases = null;
        if (gemm) {
            double alpha = Nodes.floatAttr(node, "alpha", 1.0);
            double beta = Nodes.floatAttr(node, "beta", 1.0);
            if (alpha != 1) {
                for (int i = 0; i < weights.length; i++) {
                    weights[i] *= alpha;
                }
            }
            if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
                Const c = inputs.weights(n, node.getInput(2), "bias");
                biases = inputs.perFeature(n, c, out, "bias '" + node.getInput(2) + "'");
                for (int j = 0; j < out; j++) {
                    biases[j] *= beta;
                }
            }
        }
        if (pendingForward != null) {
            if (pendingForward.width() != 1 && pendingForward.width() != in) {
                throw chain.refuse(n, "the per-feature constants before it have " + pendingForward.width()
                        + " values but the layer takes " + in);
            }
            double[] b = biases == null ? new double[out] : biases;
            for (int i = 0; i < in; i++) {
                double s = pendingForward.scaleAt(i);
                double t = pendingForward.shiftAt(i);
                for (int j = 0; j < out; j++) {
                    b[j] += t * weights[i * out + j];
                    weights[i * out + j] *= s;
                }
            }
            biases = pendingForward.hasShift() || biases != null ? b : null;
            pendingForward = null;
        }
        List<String> hints = new ArrayList<>();
        hints.add(node.getName());
        hints.add(inputs.originalName(node.getInput(1)));
        steps.add(new DenseStep(hints, in, out, weights, biases));
        List<Dim> next = new ArrayList<>(dims.subList(0, dims.size() - 1));
        next.add(Dim.of(out));
        dims = next;
    }

    private void rowWise(int n) {
        NodeProto node = nodes.get(n);
        int rank = dims.size();
        long axis = Nodes.intAttr(node, "axis", opset >= 13 ? -1 : 1);
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized != rank - 1) {
            throw chain.refuse(n, "axis=" + axis + " on a tensor of shape " + shapeText(dims)
                    + " is not per sample; netc applies " + node.getOpType() + " to each row (the last axis)");
        }
        emit(ActivationCall.of(node.getOpType().equals("Softmax") ? Activation.SOFTMAX : Activation.LOG_SOFTMAX));
    }

    private void flatten(int n) {
        NodeProto node = nodes.get(n);
        int rank = dims.size();
        long axis = Nodes.intAttr(node, "axis", 1);
        int a = (int) (axis < 0 ? axis + rank : axis);
        if (a == rank - 1 && rank >= 2) {
            dims = List.of(Dim.product(dims.subList(0, a)), dims.get(rank - 1));
            return;
        }
        if (a == rank) {
            eachValueARow(n);
            return;
        }
        if (a <= 0) {
            throw chain.refuse(n, "axis=" + axis + " flattens the batch dimension into the features");
        }
        flattenFeatures(n, a, Dim.product(dims.subList(0, a)));
    }

    /** A Flatten after the last axis: before any layer, each value of a sample becomes a row of its own. */
    private void eachValueARow(int n) {
        if (started() || pendingForward != null) {
            throw chain.refuse(n, "makes each value of " + shapeText(dims) + " a row of its own after layers; netc"
                    + " applies every layer to each row");
        }
        notes.add("the graph input '" + chain.input() + "' has shape " + shapeText(chain.inputDims()) + "; its Flatten makes each"
                + " value a row of its own, so netc takes samples of 1 value");
        dims = List.of(Dim.product(dims), Dim.of(1));
        inputWidth = 1;
    }

    /** Before any layer, turns the trailing dimensions from {@code a} on into the feature width. */
    private void flattenFeatures(int n, int a, Dim batch) {
        long width = 1;
        for (Dim d : dims.subList(a, dims.size())) {
            if (!d.known()) {
                throw chain.refuse(n, "flattens dimensions of unknown size " + shapeText(dims) + " into the features");
            }
            width *= d.value();
        }
        if (started() || pendingForward != null) {
            throw chain.refuse(n, "flattens " + shapeText(dims) + " to (" + batch + ", " + width + ") after layers that"
                    + " work on the last axis; netc applies every layer to each row");
        }
        notes.add("the graph input '" + chain.input() + "' has shape " + shapeText(chain.inputDims()) + "; netc takes each"
                + " sample flattened (in C order) to " + width + " values");
        dims = List.of(batch, Dim.of(width));
        inputWidth = (int) width;
    }

    private void reshape(int n) {
        NodeProto node = nodes.get(n);
        List<Dim> shape = shapeInput(n, node.getInput(1));
        boolean allowZero = Nodes.intAttr(node, "allowzero", 0) != 0;
        List<Dim> out = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < shape.size(); i++) {
            Dim d = shape.get(i);
            if (d.known() && d.value() == 0 && !allowZero) {
                if (i >= dims.size()) {
                    throw chain.refuse(n, "copies dimension " + i + " of a tensor with only " + dims.size());
                }
                out.add(dims.get(i));
            } else if (d.known() && d.value() == -1) {
                if (inferred >= 0) {
                    throw chain.refuse(n, "its shape " + shapeText(shape) + " has more than one -1; ONNX infers at most one"
                            + " dimension");
                }
                inferred = i;
                out.add(null);
            } else {
                out.add(d);
            }
        }
        if (inferred >= 0) {
            out.set(inferred, Dim.quotient(dims, out, inferred).orElse(Dim.symbol("?")));
        }
        Dim newLast = out.get(out.size() - 1);
        Dim oldLast = dims.get(dims.size() - 1);
        if (newLast.equals(oldLast) && Dim.sameProduct(dims.subList(0, dims.size() - 1), out.subList(0, out.size() - 1))) {
            dims = out;
            return;
        }
        if (out.size() == dims.size() - 1 && oldLast.known() && oldLast.value() == 1
                && Dim.sameProduct(dims.subList(0, dims.size() - 1), out) && nodes.get(n).getOutput(0).equals(chain.target())) {
            notes.add("the graph's output drops the last axis of size 1; netc's output has one value per row");
            dims = out;
            return;
        }
        for (int a = 1; a < dims.size() - 1; a++) {
            Dim features = Dim.product(dims.subList(a, dims.size()));
            if (features.known() && features.equals(newLast)
                    && Dim.sameProduct(dims.subList(0, a), out.subList(0, out.size() - 1))) {
                flattenFeatures(n, a, Dim.product(out.subList(0, out.size() - 1)));
                return;
            }
        }
        throw chain.refuse(n, "reshapes " + shapeText(dims) + " to " + shapeText(out) + ", which mixes the values of"
                + " different samples or features; netc applies every layer to each row");
    }

    private void squeeze(int n) {
        NodeProto node = nodes.get(n);
        Dim last = dims.get(dims.size() - 1);
        if (node.getOutput(0).equals(chain.target()) && last.known() && last.value() == 1 && dims.size() >= 2) {
            notes.add("the graph's output drops the last axis of size 1; netc's output has one value per row");
            dims = dims.subList(0, dims.size() - 1);
            return;
        }
        throw chain.refuse(n, "removes axes of " + shapeText(dims) + "; only dropping a final axis of size 1 at the"
                + " output is supported");
    }

    /** The dimensions in which a Reshape's {@code shape} input is given: a constant, or computed from Shape. */
    private List<Dim> shapeInput(int n, String name) {
        Const c = constants.value(name, n);
        if (c != null) {
            List<Dim> r = new ArrayList<>();
            for (double v : c.values()) {
                r.add(Dim.of((long) v));
            }
            return r;
        }
        Optional<List<Dim>> symbolic = shapes.evaluate(name);
        return symbolic.orElseThrow(() -> chain.refuse(n, "its target shape '" + name + "' is computed in a way netc"
                + " does not follow; export with a constant shape"));
    }

    // ---- skl2onnx's binary classifiers: [1 - p, p] from one sigmoid output

    /** The Sub and Concat nodes of skl2onnx's [1 - p, p] on {@code v}, and whether p comes last; null if absent. */
    private int[] binaryPair(String v) {
        List<Integer> cs = chain.consumers(v);
        if (cs.size() != 2) {
            return null;
        }
        NodeProto a = nodes.get(cs.get(0));
        NodeProto b = nodes.get(cs.get(1));
        NodeProto sub = a.getOpType().equals("Sub") ? a : b;
        NodeProto concat = sub == a ? b : a;
        if (!sub.getOpType().equals("Sub") || !concat.getOpType().equals("Concat") || sub.getInputCount() != 2
                || !sub.getInput(1).equals(v) || concat.getInputCount() != 2 || dims.size() != 2 || width() != 1) {
            return null;
        }
        Const one = constants.isConstant(sub.getInput(0)) ? constants.value(sub.getInput(0), cs.get(0)) : null;
        if (one == null || !one.uniform() || one.values()[0] != 1) {
            return null;
        }
        boolean positiveLast;
        if (concat.getInput(0).equals(sub.getOutput(0)) && concat.getInput(1).equals(v)) {
            positiveLast = true;
        } else if (concat.getInput(1).equals(sub.getOutput(0)) && concat.getInput(0).equals(v)) {
            positiveLast = false;
        } else {
            return null;
        }
        return new int[] {sub == a ? cs.get(0) : cs.get(1), concat == a ? cs.get(0) : cs.get(1), positiveLast ? 1 : 0};
    }

    private String binaryProbabilities(int[] pair) {
        NodeProto concat = nodes.get(pair[1]);
        boolean positiveLast = pair[2] == 1;
        int concatIndex = pair[1];
        long axis = Nodes.intAttr(concat, "axis", 1);
        if (axis != 1 && axis != -1) {
            throw chain.refuse(concatIndex, "concatenates along axis " + axis + "; expected the class axis 1");
        }
        Object lastStep = steps.isEmpty() ? null : steps.get(steps.size() - 1);
        DenseStep dense = null;
        if (lastStep instanceof DenseStep d && d.activation.activation() == Activation.SIGMOID) {
            dense = d;
        } else if (lastStep instanceof ActivationStep s && s.activation().activation() == Activation.SIGMOID
                && steps.size() >= 2 && steps.get(steps.size() - 2) instanceof DenseStep d
                && d.activation.activation() == Activation.LINEAR) {
            steps.remove(steps.size() - 1);
            dense = d;
        }
        if (dense == null || dense.outWidth != 1) {
            throw chain.refuse(concatIndex, "builds [1 - p, p] from a value that is not the sigmoid of a dense layer");
        }
        // [1 - sigmoid(z), sigmoid(z)] = softmax([0, z]): one more column of zeros and a softmax.
        int in = dense.in;
        double[] w = new double[in * 2];
        int pos = positiveLast ? 1 : 0;
        for (int i = 0; i < in; i++) {
            w[i * 2 + pos] = dense.weights[i];
        }
        double[] bias = null;
        if (dense.biases != null) {
            bias = new double[2];
            bias[pos] = dense.biases[0];
        }
        DenseStep two = new DenseStep(dense.nameHints, in, 2, w, bias);
        two.activation = ActivationCall.of(Activation.SOFTMAX);
        steps.set(steps.indexOf(dense), two);
        notes.add("the binary classifier's [1 - sigmoid(z), sigmoid(z)] is written as softmax([0, z])");
        dims = List.of(dims.get(0), Dim.of(2));
        return concat.getOutput(0);
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
            if (closed && !region.isEmpty() && binaryPair(last.value()) != null) {
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
        boolean foldBack = !steps.isEmpty() && steps.get(steps.size() - 1) instanceof DenseStep d
                && d.activation.activation() == Activation.LINEAR;
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
                        closures.get(i).value(), dims.size());
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
                m.activations().forEach(this::emit);
            } else if (s[0] == 0 && foldBack) {
                foldBack((DenseStep) steps.get(steps.size() - 1), m.affine(), region.get(0));
            } else {
                pendingForward = pendingForward == null ? m.affine() : pendingForward.then(m.affine());
                int w = m.affine().width();
                if (w > 1 && width() >= 0 && w != width()) {
                    throw chain.refuse(region.get(closures.get(s[0]).count()), "has " + w
                            + " per-feature constants for " + width() + " features");
                }
            }
        }
        return end.value();
    }

    private void foldBack(DenseStep d, Affine a, int node) {
        if (a.width() > 1 && a.width() != d.out) {
            throw chain.refuse(node, "has " + a.width() + " per-feature constants but the layer before it has "
                    + d.out + " outputs");
        }
        if (a.hasShift() && d.biases == null) {
            d.biases = new double[d.out];
        }
        for (int j = 0; j < d.out; j++) {
            double s = a.scaleAt(j);
            for (int i = 0; i < d.in; i++) {
                d.weights[i * d.out + j] *= s;
            }
            if (d.biases != null) {
                d.biases[j] = d.biases[j] * s + a.shiftAt(j);
            }
        }
    }

    private void emit(ActivationCall a) {
        if (a.activation() == Activation.LINEAR) {
            return;
        }
        if (!steps.isEmpty() && steps.get(steps.size() - 1) instanceof DenseStep d
                && d.activation.activation() == Activation.LINEAR) {
            d.activation = a;
        } else {
            steps.add(new ActivationStep(a));
        }
    }
}
