package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.GraphProto;
import dev.netc.onnx.proto.Onnx.ModelProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import dev.netc.onnx.proto.Onnx.OperatorSetIdProto;
import dev.netc.runtime.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the graph of an ONNX model as a sequential network: starting at the graph input, it
 * follows the chain of nodes to the output, turning each {@code Gemm} or {@code MatMul} with
 * constant weights into a dense layer, folding bias adds and per-feature affine maps into the
 * adjacent dense layer, recognising runs of element-wise nodes as activations, and checking that
 * shape operations ({@code Flatten}, {@code Reshape}) keep each sample's values together.
 * Anything else stops it with a {@link Refusal} that names the node to blame.
 *
 * <p>This class is the outline; the parts it calls each do one of those jobs: {@link GraphChain}
 * (input, output and who reads what), {@link ChainShape}, {@link LayerAssembly}, {@link
 * ElementwiseStretch} and {@link BinaryClassifierOutput}.
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
    private final List<String> notes = new ArrayList<>();
    private GraphChain chain;
    private ChainShape shape;
    private LayerAssembly layers;
    private BinaryClassifierOutput binary;
    private ElementwiseStretch stretches;

    GraphImport(ModelProto model) {
        this.model = model;
        this.graph = model.getGraph();
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
        GraphConstants constants = new GraphConstants(graph, opset);
        chain = new GraphChain(graph, constants, notes);
        shape = new ChainShape(chain, constants, notes);
        ConstantInputs inputs = new ConstantInputs(chain, constants);
        layers = new LayerAssembly(chain, shape, inputs, opset);
        binary = new BinaryClassifierOutput(chain, constants, shape, layers, notes);
        stretches = new ElementwiseStretch(chain, constants, inputs, shape, layers, binary, opset);
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
        return new Result(shape.inputWidth(), precision, layers.steps(), notes, chain.input(),
                ChainShape.text(chain.inputDims()), chain.target(), opset, producerText);
    }

    /** Follows the chain from the input to the output, one node or one stretch of element-wise nodes at a time. */
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
            if (cs.size() == 1 && !ElementwiseStretch.admits(chain.node(n))) {
                v = structural(v, n);
            } else {
                v = stretches.read(v);
            }
            shape.record(v);
        }
    }

    /** One node on the chain that is not element-wise: a dense layer, softmax, or a shape operation. */
    private String structural(String v, int n) {
        NodeProto node = chain.node(n);
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
                    throw chain.refuse(n, "transposes the layer values; only sequential dense networks are"
                            + " supported");
                }
                if (op.equals("Concat") || op.equals("Sum")) {
                    throw chain.refuse(n, "combines several values; only sequential networks are supported");
                }
                throw chain.refuse(n, "operator " + op + " is not supported by the netc importer (it reads Gemm,"
                        + " MatMul, Add, element-wise activations, Softmax, LogSoftmax, Flatten and Reshape)");
            }
        }
        if (node.getOutputCount() > 1) {
            chain.refuseUsedExtraOutputs(n);
        }
        return node.getOutput(0);
    }
}
