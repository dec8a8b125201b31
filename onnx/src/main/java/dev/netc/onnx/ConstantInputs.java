package dev.netc.onnx;

import java.util.Arrays;

/**
 * Reads the constant inputs of nodes on the chain (weights, biases, flags), refusing those that are
 * not constants stored in the file and naming where they come from instead.
 */
final class ConstantInputs {
    private final GraphChain chain;
    private final GraphConstants constants;

    ConstantInputs(GraphChain chain, GraphConstants constants) {
        this.chain = chain;
        this.constants = constants;
    }

    /** The float weights (or bias, as {@code role} says) {@code name} that node {@code n} reads. */
    Const weights(int n, String name, String role) {
        Const c = constants.value(name, n);
        if (c != null) {
            if (!c.isFloatType()) {
                throw chain.refuse(n, "its " + role + " '" + name + "' are " + Const.typeName(c.type())
                        + "; netc reads float32 and float64 weights");
            }
            return c;
        }
        if (chain.isGraphInput(name)) {
            throw chain.refuse(n, "its " + role + " '" + name + "' come from a graph input, not an initializer; netc"
                    + " imports the trained weights stored in the file");
        }
        Integer p = chain.producerOf(name);
        if (p == null) {
            throw chain.refuse(n, "its " + role + " '" + name + "' are missing: no initializer, constant or node"
                    + " produces them");
        }
        throw chain.refuse(n, "its " + role + " '" + name + "' are computed by " + Nodes.describe(chain.node(p), p)
                + " at run time; netc needs constant weights");
    }

    /** A constant that must broadcast to one value per feature: shape (), (1,), (W,), (1, W), ... */
    double[] perFeature(int n, Const c, int width, String what) {
        long[] d = c.dims();
        for (int i = 0; i < d.length - 1; i++) {
            if (d[i] != 1) {
                throw chain.refuse(n, "its " + what + " has shape " + c.shapeString() + "; expected one value per"
                        + " feature, shape (" + width + ",)");
            }
        }
        double[] v = c.values();
        if (v.length == width) {
            return v.clone();
        }
        if (v.length == 1) {
            double[] r = new double[width];
            Arrays.fill(r, v[0]);
            return r;
        }
        throw chain.refuse(n, "its " + what + " has shape " + c.shapeString() + "; expected (" + width + ",)");
    }

    /** The initializer a constant was folded from (through Transpose, Identity, Cast), for naming layers. */
    String originalName(String name) {
        String current = name;
        for (int guard = 0; guard < 8; guard++) {
            Integer p = chain.producerOf(current);
            if (p == null || !constants.isFolded(p) || chain.node(p).getInputCount() == 0) {
                return current;
            }
            current = chain.node(p).getInput(0);
        }
        return current;
    }

    /** Whether the constant flag {@code name} that node {@code n} reads as its training_mode is true. */
    boolean isTrue(String name, int n) {
        Const flag = constants.value(name, n);
        if (flag == null) {
            throw chain.refuse(n, "its training_mode '" + name + "' is " + chain.origin(name)
                    + "; netc needs a constant");
        }
        return flag.values().length > 0 && flag.values()[0] != 0;
    }
}
