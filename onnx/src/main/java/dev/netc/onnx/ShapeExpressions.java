package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.NodeProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the shape arithmetic exporters put in front of a Reshape (Shape, Gather, Unsqueeze,
 * Concat, Slice, ReduceProd, ...) over constants and the shapes of values on the layer chain, so
 * that a reshape computed from the input's own shape can be understood.
 */
final class ShapeExpressions {
    private final GraphConstants constants;
    private final GraphChain chain;
    private final Map<String, List<Dim>> chainDims;

    /**
     * @param chain which node computes each value, and which nodes compute shapes rather than layer values
     * @param chainDims the shapes of the values on the layer chain, filled in as the walk goes
     */
    ShapeExpressions(GraphConstants constants, GraphChain chain, Map<String, List<Dim>> chainDims) {
        this.constants = constants;
        this.chain = chain;
        this.chainDims = chainDims;
    }

    /** The dimensions value {@code name} holds, if shape arithmetic over known values can tell. */
    Optional<List<Dim>> evaluate(String name) {
        Const c = constants.known(name).orElse(null);
        if (c != null) {
            List<Dim> r = new ArrayList<>();
            for (double v : c.values()) {
                r.add(Dim.of((long) v));
            }
            return Optional.of(r);
        }
        Integer p = chain.producerOf(name);
        if (p == null || !chain.isMetadata(p)) {
            return Optional.empty();
        }
        NodeProto node = chain.node(p);
        List<List<Dim>> in = new ArrayList<>();
        for (String i : node.getInputList()) {
            if (node.getOpType().equals("Shape")) {
                List<Dim> d = chainDims.get(i);
                if (d == null) {
                    return Optional.empty();
                }
                in.add(d);
                continue;
            }
            Optional<List<Dim>> v = i.isEmpty() ? Optional.of(List.of()) : evaluate(i);
            if (v.isEmpty()) {
                return Optional.empty();
            }
            in.add(v.get());
        }
        List<Dim> x = in.get(0);
        switch (node.getOpType()) {
            case "Shape": {
                int rank = x.size();
                long start = Nodes.intAttr(node, "start", 0);
                long end = Nodes.intAttr(node, "end", rank);
                start = Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
                end = Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
                return Optional.of(x.subList((int) start, (int) Math.max(start, end)));
            }
            case "Gather": {
                List<Dim> idx = in.get(1);
                List<Dim> r = new ArrayList<>();
                for (Dim i : idx) {
                    long k = i.value() < 0 ? i.value() + x.size() : i.value();
                    if (!i.known() || k < 0 || k >= x.size()) {
                        return Optional.empty();
                    }
                    r.add(x.get((int) k));
                }
                return Optional.of(r);
            }
            case "Unsqueeze", "Squeeze", "Cast", "Identity":
                return Optional.of(x);
            case "Concat": {
                List<Dim> r = new ArrayList<>();
                in.forEach(r::addAll);
                return Optional.of(r);
            }
            case "Slice": {
                if (in.size() < 3 || in.get(1).size() != 1 || in.get(2).size() != 1) {
                    return Optional.empty();
                }
                long s = in.get(1).get(0).value();
                long e = in.get(2).get(0).value();
                int size = x.size();
                s = Math.max(0, Math.min(size, s < 0 ? s + size : s));
                e = Math.max(0, Math.min(size, e < 0 ? e + size : e));
                return Optional.of(x.subList((int) s, (int) Math.max(s, e)));
            }
            case "ReduceProd":
                return Optional.of(List.of(Dim.product(x)));
            default:
                return Optional.empty();
        }
    }
}
