package dev.netc.codegen.kernel;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Layer;

/** One layer as a line of the generated code's comments: {@code hidden: dense 4 -> 16 relu}. */
public final class LayerText {
    private LayerText() {}

    public static String describe(Layer layer) {
        if (layer instanceof DenseLayer d) {
            return d.name() + ": dense " + d.inputSize() + " -> " + d.outputSize() + " " + d.activation()
                    + (d.useBias() ? "" : ", no bias");
        }
        return layer.name() + ": " + layer.activation();
    }
}
