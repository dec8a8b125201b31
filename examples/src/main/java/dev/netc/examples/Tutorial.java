package dev.netc.examples;

import java.io.IOException;
import java.util.Locale;

/**
 * The NumPy tutorial's networks, run through classes that {@code netc:generate} made from the
 * {@code .net} files in {@code src/main/net}. Prints each layer's output as the notebook does.
 */
public final class Tutorial {
    /** The tutorial's batch for its first layer. */
    static final float[][] LAYER_INPUTS = {{1, 2, 3}, {4, 5, 6}};

    /** The tutorial's batch of three samples with four features each. */
    static final float[][] BATCH = {
        {1.0f, 2.0f, 3.0f, 2.5f},
        {2.0f, 5.0f, -1.0f, 2.0f},
        {-1.5f, 2.7f, 3.3f, -0.8f},
    };

    private Tutorial() {}

    public static void main(String[] args) throws IOException {
        System.out.println("# Layer_Dense(3, 3) with seed 0 on " + NumpyFormat.format(LAYER_INPUTS));
        LayerDense layer = LayerDense.random();
        System.out.println("dense_0.output =");
        System.out.println(NumpyFormat.format(layer.predict(LAYER_INPUTS)));
        System.out.println();

        System.out.println("# Two layers, ReLU then softmax, with seed 0, on a batch of three samples");
        TwoLayer network = TwoLayer.random();
        float[][][] outputs = network.layerOutputs(BATCH);
        String[] names = {"dense1.output", "activation1.output", "dense2.output", "activation2.output"};
        for (int i = 0; i < names.length; i++) {
            System.out.println(names[i] + " =");
            System.out.println(NumpyFormat.format(outputs[i]));
        }
        // layerOutputs runs the reference interpreter; predict runs the generated forward pass.
        System.out.println("network.predict(batch) =");
        System.out.println(NumpyFormat.format(network.predict(BATCH)));
        System.out.println();

        SpiralDemo.run();
    }

    /** Prints arrays the way NumPy does, closely enough to compare with a notebook by eye. */
    static final class NumpyFormat {
        private NumpyFormat() {}

        static String format(float[][] rows) {
            StringBuilder out = new StringBuilder("[");
            for (int r = 0; r < rows.length; r++) {
                out.append(r == 0 ? "[" : " [");
                for (int c = 0; c < rows[r].length; c++) {
                    out.append(String.format(Locale.ROOT, "%11.8f", rows[r][c]));
                    out.append(c + 1 < rows[r].length ? " " : "");
                }
                out.append(r + 1 < rows.length ? "]\n" : "]");
            }
            return out.append("]").toString();
        }
    }
}
