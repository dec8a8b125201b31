package dev.netc.benchmarks;

import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.Weights;
import java.util.List;

/** {@link PlainLoops} in double precision. */
final class PlainLoopsDouble {
    private final double[][][] weights;
    private final double[][] biases;

    PlainLoopsDouble(Weights parameters) {
        List<DenseLayer> layers = parameters.architecture().denseLayers();
        weights = new double[layers.size()][][];
        biases = new double[layers.size()][];
        for (int k = 0; k < layers.size(); k++) {
            DenseLayer layer = layers.get(k);
            double[] flat = parameters.doubles(layer.weightsKey());
            weights[k] = new double[layer.inputSize()][layer.outputSize()];
            for (int i = 0; i < layer.inputSize(); i++) {
                System.arraycopy(flat, i * layer.outputSize(), weights[k][i], 0, layer.outputSize());
            }
            biases[k] = parameters.doubles(layer.biasesKey());
        }
    }

    double[][] predict(double[][] inputs) {
        double[][] x = inputs;
        for (int k = 0; k < weights.length; k++) {
            double[][] w = weights[k];
            double[] b = biases[k];
            double[][] y = new double[x.length][b.length];
            for (int r = 0; r < x.length; r++) {
                double[] out = y[r];
                System.arraycopy(b, 0, out, 0, b.length);
                for (int i = 0; i < w.length; i++) {
                    double xi = x[r][i];
                    double[] wi = w[i];
                    for (int j = 0; j < out.length; j++) {
                        out[j] += xi * wi[j];
                    }
                }
                if (k < weights.length - 1) {
                    for (int j = 0; j < out.length; j++) {
                        out[j] = Math.max(0d, out[j]);
                    }
                } else {
                    double max = Double.NEGATIVE_INFINITY;
                    for (double v : out) {
                        max = Math.max(max, v);
                    }
                    double sum = 0;
                    for (int j = 0; j < out.length; j++) {
                        out[j] = Math.exp(out[j] - max);
                        sum += out[j];
                    }
                    for (int j = 0; j < out.length; j++) {
                        out[j] /= sum;
                    }
                }
            }
            x = y;
        }
        return x;
    }
}
