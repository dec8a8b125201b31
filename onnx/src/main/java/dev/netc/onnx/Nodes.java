package dev.netc.onnx;

import dev.netc.onnx.proto.Onnx.AttributeProto;
import dev.netc.onnx.proto.Onnx.NodeProto;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

/** Reading a node's attributes, and naming a node in messages. */
final class Nodes {
    private Nodes() {}

    /** {@code node 'fc1' (Gemm)}, or {@code node #3 (Gemm)} for a node without a name. */
    static String describe(NodeProto node, int index) {
        String op = node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx")
                ? node.getOpType() : node.getDomain() + "." + node.getOpType();
        return (node.getName().isEmpty() ? "node #" + index : "node '" + node.getName() + "'") + " (" + op + ")";
    }

    static Optional<AttributeProto> attribute(NodeProto node, String name) {
        for (AttributeProto a : node.getAttributeList()) {
            if (a.getName().equals(name)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static double floatAttr(NodeProto node, String name, double defaultValue) {
        return attribute(node, name).map(a -> a.getType() == AttributeProto.AttributeType.INT
                ? (double) a.getI() : (double) a.getF()).orElse(defaultValue);
    }

    /**
     * Clip's bounds {lo, hi}: its min and max attributes before opset 11, its inputs 1 and 2 from then
     * on, each infinite when absent. {@code input} gives the value of the input at an index, or null
     * when the node does not have that input.
     */
    static double[] clipBounds(NodeProto node, long opset, IntFunction<Double> input) {
        if (opset < 11) {
            return new double[] {floatAttr(node, "min", Double.NEGATIVE_INFINITY),
                    floatAttr(node, "max", Double.POSITIVE_INFINITY)};
        }
        Double lo = input.apply(1);
        Double hi = input.apply(2);
        return new double[] {lo == null ? Double.NEGATIVE_INFINITY : lo, hi == null ? Double.POSITIVE_INFINITY : hi};
    }

    static long intAttr(NodeProto node, String name, long defaultValue) {
        return attribute(node, name).map(AttributeProto::getI).orElse(defaultValue);
    }

    static String stringAttr(NodeProto node, String name, String defaultValue) {
        return attribute(node, name).map(a -> a.getS().toString(StandardCharsets.UTF_8)).orElse(defaultValue);
    }

    static List<Long> intsAttr(NodeProto node, String name) {
        return attribute(node, name).map(AttributeProto::getIntsList).orElse(List.of());
    }

    static List<Float> floatsAttr(NodeProto node, String name) {
        return attribute(node, name).map(AttributeProto::getFloatsList).orElse(List.of());
    }

    /** A float32 number as the shortest decimal that reads back as it: 0.2f gives 0.2; other numbers stay. */
    static double shortest(double value) {
        float f = (float) value;
        return Float.isFinite(f) && f == value ? Double.parseDouble(Float.toString(f)) : value;
    }
}
