package dev.netc.codegen.kernel;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Regularization;

/**
 * One layer as a line of the generated code's comments: {@code hidden: dense 4 -> 16 relu},
 * {@code dropout_0: dropout 0.5}.
 */
public final class LayerText {
    private LayerText() {}

    public static String describe(Layer layer) {
        if (layer instanceof DenseLayer d) {
            return d.name() + ": dense " + d.inputSize() + " -> " + d.outputSize() + " " + d.activation()
                    + (d.useBias() ? "" : ", no bias") + penalties(d.regularization());
        }
        if (layer instanceof DropoutLayer d) {
            return d.name() + ": dropout " + d.rate();
        }
        return layer.name() + ": " + layer.activation();
    }

    /** The penalties that are set, as the options read: {@code , l2=5.0E-4 bias_l2=5.0E-4}. */
    private static String penalties(Regularization r) {
        StringBuilder text = new StringBuilder();
        append(text, "l1", r.l1());
        append(text, "l2", r.l2());
        append(text, "bias_l1", r.biasL1());
        append(text, "bias_l2", r.biasL2());
        return text.length() == 0 ? "" : "," + text;
    }

    private static void append(StringBuilder text, String key, double value) {
        if (value != 0) {
            text.append(' ').append(key).append('=').append(value);
        }
    }
}
