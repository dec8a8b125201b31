package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import java.util.List;
import java.util.Optional;

/**
 * skl2onnx's binary classifiers: they end in [1 - p, p] from one sigmoid output p, which netc
 * imports as the softmax of two outputs, softmax([0, z]).
 */
final class BinaryClassifierOutput {
    /** Where [1 - p, p] is put together: node {@code concat}, with p last or first. */
    record Ending(int concat, boolean positiveLast) {}

    private final GraphChain chain;
    private final GraphConstants constants;
    private final ChainShape shape;
    private final LayerAssembly layers;
    private final List<String> notes;

    BinaryClassifierOutput(GraphChain chain, GraphConstants constants, ChainShape shape, LayerAssembly layers,
            List<String> notes) {
        this.chain = chain;
        this.constants = constants;
        this.shape = shape;
        this.layers = layers;
        this.notes = notes;
    }

    /** The Sub and Concat nodes of [1 - p, p] on {@code v}, if they follow it. */
    Optional<Ending> find(String v) {
        List<Integer> cs = chain.consumers(v);
        if (cs.size() != 2) {
            return Optional.empty();
        }
        NodeProto a = chain.node(cs.get(0));
        NodeProto b = chain.node(cs.get(1));
        NodeProto sub = a.getOpType().equals("Sub") ? a : b;
        NodeProto concat = sub == a ? b : a;
        if (!sub.getOpType().equals("Sub") || !concat.getOpType().equals("Concat") || sub.getInputCount() != 2
                || !sub.getInput(1).equals(v) || concat.getInputCount() != 2 || shape.dims().size() != 2
                || shape.width() != 1) {
            return Optional.empty();
        }
        Const one = constants.isConstant(sub.getInput(0)) ? constants.value(sub.getInput(0), cs.get(0)) : null;
        if (one == null || !one.uniform() || one.values()[0] != 1) {
            return Optional.empty();
        }
        boolean positiveLast;
        if (concat.getInput(0).equals(sub.getOutput(0)) && concat.getInput(1).equals(v)) {
            positiveLast = true;
        } else if (concat.getInput(1).equals(sub.getOutput(0)) && concat.getInput(0).equals(v)) {
            positiveLast = false;
        } else {
            return Optional.empty();
        }
        return Optional.of(new Ending(concat == a ? cs.get(0) : cs.get(1), positiveLast));
    }

    /** Rewrites the sigmoid layer before {@code ending} as a softmax of two outputs; the value after it. */
    String read(Ending ending) {
        NodeProto concat = chain.node(ending.concat());
        long axis = Nodes.intAttr(concat, "axis", 1);
        if (axis != 1 && axis != -1) {
            throw chain.refuse(ending.concat(), "concatenates along axis " + axis + "; expected the class axis 1");
        }
        if (!layers.sigmoidAsTwoClassSoftmax(ending.positiveLast())) {
            throw chain.refuse(ending.concat(), "builds [1 - p, p] from a value that is not the sigmoid of a dense"
                    + " layer");
        }
        notes.add("the binary classifier's [1 - sigmoid(z), sigmoid(z)] is written as softmax([0, z])");
        shape.setWidth(2);
        return concat.getOutput(0);
    }
}
