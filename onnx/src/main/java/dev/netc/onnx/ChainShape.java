package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The shape of the value on the layer chain as the walk goes, and the Flatten, Reshape and Squeeze
 * nodes that change it, refused where they would mix the values of different samples.
 */
final class ChainShape {
    private final GraphChain chain;
    private final GraphConstants constants;
    private final List<String> notes;
    private final Map<String, List<Dim>> chainDims = new HashMap<>();
    private final ShapeExpressions expressions;
    private List<Dim> dims;
    private int inputWidth = -1;

    /**
     * @param notes where to say how the input's shape is read
     */
    ChainShape(GraphChain chain, GraphConstants constants, List<String> notes) {
        this.chain = chain;
        this.constants = constants;
        this.notes = notes;
        this.expressions = new ShapeExpressions(constants, chain, chainDims);
        this.dims = chain.inputDims();
        Dim last = dims.get(dims.size() - 1);
        if (last.known()) {
            inputWidth = (int) last.value();
        }
    }

    /** {@code (N, 3)}, or {@code (N,)} for one dimension. */
    static String text(List<Dim> dims) {
        return dims.stream().map(Dim::toString).collect(Collectors.joining(", ", "(", dims.size() == 1 ? ",)" : ")"));
    }

    /** Remembers that chain value {@code v} has the current shape, for shape arithmetic that reads it. */
    void record(String v) {
        chainDims.put(v, dims);
    }

    List<Dim> dims() {
        return dims;
    }

    /** The number of values per row, or -1 when unknown. */
    int width() {
        Dim last = dims.get(dims.size() - 1);
        return last.known() ? (int) last.value() : -1;
    }

    /** The number of values per sample the network takes, or -1 when nothing has told yet. */
    int inputWidth() {
        return inputWidth;
    }

    /** Takes the width a first layer reads as the input's, when the input's shape did not say. */
    void assumeInputWidth(int width) {
        if (inputWidth < 0) {
            inputWidth = width;
        }
    }

    /** A layer's output: the same rows, {@code width} values each. */
    void setWidth(int width) {
        List<Dim> next = new ArrayList<>(dims.subList(0, dims.size() - 1));
        next.add(Dim.of(width));
        dims = next;
    }

    /**
     * @param afterLayers whether a layer or a scaling to fold into one has been read before node {@code n}
     */
    void flatten(int n, boolean afterLayers) {
        NodeProto node = chain.node(n);
        int rank = dims.size();
        long axis = Nodes.intAttr(node, "axis", 1);
        int a = (int) (axis < 0 ? axis + rank : axis);
        if (a == rank - 1 && rank >= 2) {
            dims = List.of(Dim.product(dims.subList(0, a)), dims.get(rank - 1));
            return;
        }
        if (a == rank) {
            eachValueARow(n, afterLayers);
            return;
        }
        if (a <= 0) {
            throw chain.refuse(n, "axis=" + axis + " flattens the batch dimension into the features");
        }
        flattenFeatures(n, a, Dim.product(dims.subList(0, a)), afterLayers);
    }

    /** A Flatten after the last axis: before any layer, each value of a sample becomes a row of its own. */
    private void eachValueARow(int n, boolean afterLayers) {
        if (afterLayers) {
            throw chain.refuse(n, "makes each value of " + text(dims) + " a row of its own after layers; netc"
                    + " applies every layer to each row");
        }
        notes.add("the graph input '" + chain.input() + "' has shape " + text(chain.inputDims()) + "; its Flatten"
                + " makes each value a row of its own, so netc takes samples of 1 value");
        dims = List.of(Dim.product(dims), Dim.of(1));
        inputWidth = 1;
    }

    /** Before any layer, turns the trailing dimensions from {@code a} on into the feature width. */
    private void flattenFeatures(int n, int a, Dim batch, boolean afterLayers) {
        long width = 1;
        for (Dim d : dims.subList(a, dims.size())) {
            if (!d.known()) {
                throw chain.refuse(n, "flattens dimensions of unknown size " + text(dims) + " into the features");
            }
            width *= d.value();
        }
        if (afterLayers) {
            throw chain.refuse(n, "flattens " + text(dims) + " to (" + batch + ", " + width + ") after layers that"
                    + " work on the last axis; netc applies every layer to each row");
        }
        notes.add("the graph input '" + chain.input() + "' has shape " + text(chain.inputDims()) + "; netc takes"
                + " each sample flattened (in C order) to " + width + " values");
        dims = List.of(batch, Dim.of(width));
        inputWidth = (int) width;
    }

    /**
     * @param afterLayers whether a layer or a scaling to fold into one has been read before node {@code n}
     */
    void reshape(int n, boolean afterLayers) {
        NodeProto node = chain.node(n);
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
                    throw chain.refuse(n, "its shape " + text(shape) + " has more than one -1; ONNX infers at most"
                            + " one dimension");
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
        if (newLast.equals(oldLast)
                && Dim.sameProduct(dims.subList(0, dims.size() - 1), out.subList(0, out.size() - 1))) {
            dims = out;
            return;
        }
        if (out.size() == dims.size() - 1 && oldLast.known() && oldLast.value() == 1
                && Dim.sameProduct(dims.subList(0, dims.size() - 1), out)
                && node.getOutput(0).equals(chain.target())) {
            notes.add("the graph's output drops the last axis of size 1; netc's output has one value per row");
            dims = out;
            return;
        }
        for (int a = 1; a < dims.size() - 1; a++) {
            Dim features = Dim.product(dims.subList(a, dims.size()));
            if (features.known() && features.equals(newLast)
                    && Dim.sameProduct(dims.subList(0, a), out.subList(0, out.size() - 1))) {
                flattenFeatures(n, a, Dim.product(out.subList(0, out.size() - 1)), afterLayers);
                return;
            }
        }
        throw chain.refuse(n, "reshapes " + text(dims) + " to " + text(out) + ", which mixes the values of"
                + " different samples or features; netc applies every layer to each row");
    }

    void squeeze(int n) {
        NodeProto node = chain.node(n);
        Dim last = dims.get(dims.size() - 1);
        if (node.getOutput(0).equals(chain.target()) && last.known() && last.value() == 1 && dims.size() >= 2) {
            notes.add("the graph's output drops the last axis of size 1; netc's output has one value per row");
            dims = dims.subList(0, dims.size() - 1);
            return;
        }
        throw chain.refuse(n, "removes axes of " + text(dims) + "; only dropping a final axis of size 1 at the"
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
        Optional<List<Dim>> symbolic = expressions.evaluate(name);
        return symbolic.orElseThrow(() -> chain.refuse(n, "its target shape '" + name + "' is computed in a way"
                + " netc does not follow; export with a constant shape"));
    }
}
