package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.runtime.Activation;
import dev.netc.runtime.ActivationCall;
import dev.netc.runtime.Precision;
import java.util.ArrayList;
import java.util.List;

/**
 * The network's layers in order as the walk reads them: a dense layer for each Gemm or MatMul, each
 * activation set on the dense layer before it where that has none, and per-feature affine maps folded
 * into the dense layer before or after them.
 */
final class LayerAssembly {
    private final GraphChain chain;
    private final ChainShape shape;
    private final ConstantInputs inputs;
    private final long opset;
    private final List<Object> steps = new ArrayList<>();
    private Integer weightType;
    private Affine pendingForward;

    LayerAssembly(GraphChain chain, ChainShape shape, ConstantInputs inputs, long opset) {
        this.chain = chain;
        this.shape = shape;
        this.inputs = inputs;
        this.opset = opset;
    }

    /** The {@link DenseStep}s and {@link ActivationStep}s in order. */
    List<Object> steps() {
        return steps;
    }

    boolean hasDense() {
        return steps.stream().anyMatch(DenseStep.class::isInstance);
    }

    /** Whether a scaling still waits for a dense layer after it to fold into. */
    boolean hasPendingScaling() {
        return pendingForward != null;
    }

    /** Whether a layer, or a scaling to fold into the next one, has been read. */
    boolean begun() {
        return !steps.isEmpty() || pendingForward != null;
    }

    /** Whether the last layer is a dense one without activation, which can absorb an affine map after it. */
    boolean endsInLinearDense() {
        return !steps.isEmpty() && steps.get(steps.size() - 1) instanceof DenseStep d
                && d.activation.activation() == Activation.LINEAR;
    }

    /** A Gemm or MatMul node {@code n} that multiplies the chain value {@code v} by constant weights. */
    void dense(String v, int n) {
        NodeProto node = chain.node(n);
        boolean gemm = node.getOpType().equals("Gemm");
        if (node.getInputCount() < 2) {
            throw chain.refuse(n, "needs two inputs");
        }
        if (!node.getInput(0).equals(v)) {
            throw chain.refuse(n, "multiplies its weights by the layer input from the left; netc computes input"
                    + " @ weights");
        }
        if (gemm && Nodes.intAttr(node, "transA", 0) != 0) {
            throw chain.refuse(n, "transA=1 transposes the layer input, mixing the values of different samples");
        }
        Const w = inputs.weights(n, node.getInput(1), "weights");
        if (w.rank() != 2) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have shape " + w.shapeString()
                    + "; a dense layer needs a matrix");
        }
        if (gemm && shape.dims().size() != 2) {
            throw chain.refuse(n, "Gemm takes a matrix, but its input has shape " + ChainShape.text(shape.dims()));
        }
        boolean transB = gemm && Nodes.intAttr(node, "transB", 0) != 0;
        Const k = transB ? w.transposed() : w;
        int in = (int) k.dims()[0];
        int out = (int) k.dims()[1];
        if (in <= 0 || out <= 0) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have an empty shape " + w.shapeString());
        }
        if (shape.width() >= 0 && shape.width() != in) {
            throw chain.refuse(n, "its weights '" + node.getInput(1) + "' have shape " + w.shapeString()
                    + (transB ? " (transposed: " + k.shapeString() + ")" : "") + ", which takes " + in
                    + " values per sample, but its input has " + shape.width());
        }
        shape.assumeInputWidth(in);
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
        shape.setWidth(out);
    }

    /** A Softmax or LogSoftmax node {@code n}, which netc applies to each row. */
    void rowWise(int n) {
        NodeProto node = chain.node(n);
        int rank = shape.dims().size();
        long axis = Nodes.intAttr(node, "axis", opset >= 13 ? -1 : 1);
        long normalized = axis < 0 ? axis + rank : axis;
        if (normalized != rank - 1) {
            throw chain.refuse(n, "axis=" + axis + " on a tensor of shape " + ChainShape.text(shape.dims())
                    + " is not per sample; netc applies " + node.getOpType() + " to each row (the last axis)");
        }
        emit(ActivationCall.of(node.getOpType().equals("Softmax") ? Activation.SOFTMAX : Activation.LOG_SOFTMAX));
    }

    /** An activation: on the dense layer before it if that has none, else a layer of its own. */
    void emit(ActivationCall a) {
        if (a.activation() == Activation.LINEAR) {
            return;
        }
        if (endsInLinearDense()) {
            ((DenseStep) steps.get(steps.size() - 1)).activation = a;
        } else {
            steps.add(new ActivationStep(a));
        }
    }

    /** Folds affine map {@code a} of node {@code node} into the dense layer before it, which has no activation. */
    void foldBack(Affine a, int node) {
        DenseStep d = (DenseStep) steps.get(steps.size() - 1);
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

    /** Keeps affine map {@code a} of node {@code node} to fold into the next dense layer. */
    void foldForward(Affine a, int node) {
        pendingForward = pendingForward == null ? a : pendingForward.then(a);
        int w = a.width();
        if (w > 1 && shape.width() >= 0 && w != shape.width()) {
            throw chain.refuse(node, "has " + w + " per-feature constants for " + shape.width() + " features");
        }
    }

    /**
     * Rewrites a last dense layer of one output and a sigmoid as the softmax of two outputs, the zero
     * column first if {@code positiveLast}: [1 - sigmoid(z), sigmoid(z)] = softmax([0, z]).
     *
     * @return false if the layers do not end in such a dense layer
     */
    boolean sigmoidAsTwoClassSoftmax(boolean positiveLast) {
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
            return false;
        }
        // One more column of zeros and a softmax.
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
        return true;
    }

    /** The precision of the weights, or of the input when no layer has weights. */
    Precision precision(int inputElemType) {
        return weightType != null && weightType == Const.DOUBLE ? Precision.DOUBLE
                : weightType != null ? Precision.FLOAT
                : inputElemType == Const.DOUBLE ? Precision.DOUBLE : Precision.FLOAT;
    }

    /** Refuses an activation whose arguments {@code precision} cannot hold. */
    void checkArguments(Precision precision) {
        for (Object step : steps) {
            ActivationCall a = step instanceof DenseStep d ? d.activation : ((ActivationStep) step).activation();
            a.checkArguments(precision).ifPresent(problem -> {
                throw new Refusal("the network computes in " + precision.keyword() + ", but " + problem);
            });
        }
    }
}
