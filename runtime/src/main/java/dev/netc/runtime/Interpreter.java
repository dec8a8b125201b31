package dev.netc.runtime;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs any network straight from its {@link Architecture} and {@link Weights}, with the tutorial's
 * semantics: per layer, {@code output = activation(input @ weights + biases)} on a batch of rows.
 *
 * <p>This is the reference the generated classes are tested against, and a way to run a
 * {@code .net} file without generating code. It favours being obviously right over being fast.
 * Thread-safe: it holds only immutable state.
 */
public final class Interpreter {
    private final Architecture architecture;
    private final List<float[]> floatWeights = new ArrayList<>();
    private final List<float[]> floatBiases = new ArrayList<>();
    private final List<double[]> doubleWeights = new ArrayList<>();
    private final List<double[]> doubleBiases = new ArrayList<>();

    public Interpreter(Weights weights) {
        this.architecture = weights.architecture();
        for (DenseLayer layer : architecture.denseLayers()) {
            floatWeights.add(weights.floats(layer.weightsKey()));
            doubleWeights.add(weights.doubles(layer.weightsKey()));
            floatBiases.add(layer.useBias() ? weights.floats(layer.biasesKey()) : new float[layer.outputSize()]);
            doubleBiases.add(layer.useBias() ? weights.doubles(layer.biasesKey()) : new double[layer.outputSize()]);
        }
    }

    public Architecture architecture() {
        return architecture;
    }

    /** The network's output for each row of {@code batch}, computed in float. */
    public float[][] predict(float[][] batch) {
        List<float[][]> outputs = layerOutputs(batch);
        return outputs.isEmpty() ? copy(batch) : outputs.get(outputs.size() - 1);
    }

    /** The network's output for each row of {@code batch}, computed in double. */
    public double[][] predict(double[][] batch) {
        List<double[][]> outputs = layerOutputs(batch);
        return outputs.isEmpty() ? copy(batch) : outputs.get(outputs.size() - 1);
    }

    /** Every layer's output for {@code batch}, in layer order, as the tutorial prints them. */
    public List<float[][]> layerOutputs(float[][] batch) {
        checkWidths(batch.length, i -> batch[i].length);
        List<float[][]> outputs = new ArrayList<>();
        float[][] x = batch;
        int dense = 0;
        for (Layer layer : architecture.layers()) {
            float[][] y = new float[x.length][];
            for (int r = 0; r < x.length; r++) {
                if (layer instanceof DenseLayer d) {
                    y[r] = dense(x[r], floatWeights.get(dense), floatBiases.get(dense), d.outputSize());
                } else {
                    y[r] = x[r].clone();
                }
                layer.activation().activation().apply(y[r], 0, y[r].length, layer.activation().argumentArray());
            }
            dense += layer instanceof DenseLayer ? 1 : 0;
            outputs.add(y);
            x = y;
        }
        return outputs;
    }

    /** As {@link #layerOutputs(float[][])}, in double. */
    public List<double[][]> layerOutputs(double[][] batch) {
        checkWidths(batch.length, i -> batch[i].length);
        List<double[][]> outputs = new ArrayList<>();
        double[][] x = batch;
        int dense = 0;
        for (Layer layer : architecture.layers()) {
            double[][] y = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                if (layer instanceof DenseLayer d) {
                    y[r] = dense(x[r], doubleWeights.get(dense), doubleBiases.get(dense), d.outputSize());
                } else {
                    y[r] = x[r].clone();
                }
                layer.activation().activation().apply(y[r], 0, y[r].length, layer.activation().argumentArray());
            }
            dense += layer instanceof DenseLayer ? 1 : 0;
            outputs.add(y);
            x = y;
        }
        return outputs;
    }

    /** {@code x @ w + b} for one row, w being (x.length, outputs) in row-major order. */
    private static float[] dense(float[] x, float[] w, float[] b, int outputs) {
        float[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            float xi = x[i];
            int row = i * outputs;
            for (int j = 0; j < outputs; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }

    private static double[] dense(double[] x, double[] w, double[] b, int outputs) {
        double[] y = b.clone();
        for (int i = 0; i < x.length; i++) {
            double xi = x[i];
            int row = i * outputs;
            for (int j = 0; j < outputs; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }

    private void checkWidths(int rows, java.util.function.IntUnaryOperator width) {
        for (int r = 0; r < rows; r++) {
            if (width.applyAsInt(r) != architecture.inputSize()) {
                throw new IllegalArgumentException(InputWidth.message(architecture.inputSize(), width.applyAsInt(r), r));
            }
        }
    }

    private static float[][] copy(float[][] batch) {
        return java.util.Arrays.stream(batch).map(float[]::clone).toArray(float[][]::new);
    }

    private static double[][] copy(double[][] batch) {
        return java.util.Arrays.stream(batch).map(double[]::clone).toArray(double[][]::new);
    }
}
