package dev.netc.benchmarks;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Weights;
import java.util.List;

/**
 * The tutorial's forward pass written as plain Java, the way one would port the NumPy code by
 * hand: per layer a new output matrix, {@code inputs @ weights + biases} as loops in i-k-j order
 * over {@code float[][]}, then ReLU or softmax. The baseline generated code must beat.
 */
final class PlainLoops {
    private final float[][][] weights;
    private final float[][] biases;

    PlainLoops(Weights parameters) {
        List<DenseLayer> layers = parameters.architecture().denseLayers();
        weights = new float[layers.size()][][];
        biases = new float[layers.size()][];
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer layer = layers.get(k);
            float[] flat = parameters.floats(layer.weightsKey());
            weights[k] = new float[layer.inputSize()][layer.outputSize()];
            for (int i = 0; i < layer.inputSize(); i++) {
                System.arraycopy(flat, i * layer.outputSize(), weights[k][i], 0, layer.outputSize());
            }
            biases[k] = parameters.floats(layer.biasesKey());
        }
    }

    /** ReLU after every layer but the last, softmax after the last, as in the benchmark networks. */
    float[][] predict(float[][] inputs) {
        float[][] x = inputs;
        for (int k = 0; k < weights.length; k++) {
            float[][] w = weights[k];
            float[] b = biases[k];
            float[][] y = new float[x.length][b.length];
            for (int r = 0; r < x.length; r++) {
                float[] out = y[r];
                System.arraycopy(b, 0, out, 0, b.length);
                for (int i = 0; i < w.length; i++) {
                    float xi = x[r][i];
                    float[] wi = w[i];
                    for (int j = 0; j < out.length; j++) {
                        out[j] += xi * wi[j];
                    }
                }
                if (k < weights.length - 1) {
                    for (int j = 0; j < out.length; j++) {
                        out[j] = Math.max(0f, out[j]);
                    }
                } else {
                    softmax(out);
                }
            }
            x = y;
        }
        return x;
    }

    private static void softmax(float[] row) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : row) {
            max = Math.max(max, v);
        }
        float sum = 0;
        for (int j = 0; j < row.length; j++) {
            row[j] = (float) Math.exp(row[j] - max);
            sum += row[j];
        }
        for (int j = 0; j < row.length; j++) {
            row[j] /= sum;
        }
    }
}
