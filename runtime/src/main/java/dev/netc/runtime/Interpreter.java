package dev.netc.runtime;

import dev.netc.runtime.internal.InputWidth;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs any network straight from its {@link Architecture} and {@link Weights}, with the tutorial's
 * semantics: per layer, {@code output = activation(input @ weights + biases)} on a batch of rows.
 *
 * <p>This is the reference the generated classes are tested against, and a way to run a
 * {@code .net} file without generating code. It favours being obviously right over being fast.
 * Thread-safe: its state is immutable once made (the weights of each precision are converted on
 * first use, and a race only converts them twice).
 */
public final class Interpreter implements FloatNetwork, DoubleNetwork {
    private final Architecture architecture;
    private final Weights weights;
    // Each precision's copy of the weights is made on first use: most callers need only one.
    private volatile Parameters<float[]> floats;
    private volatile Parameters<double[]> doubles;

    /** Every dense layer's weights (row-major) and biases (zeros without bias), in layer order. */
    private record Parameters<A>(List<A> weights, List<A> biases) {}

    public Interpreter(Weights weights) {
        this.architecture = weights.architecture();
        this.weights = weights;
    }

    private Parameters<float[]> floats() {
        Parameters<float[]> p = floats;
        if (p == null) {
            List<float[]> w = new ArrayList<>();
            List<float[]> b = new ArrayList<>();
            for (DenseLayer layer : architecture.denseLayers()) {
                w.add(weights.floats(layer.weightsKey()));
                b.add(layer.useBias() ? weights.floats(layer.biasesKey()) : new float[layer.outputSize()]);
            }
            floats = p = new Parameters<>(w, b);
        }
        return p;
    }

    private Parameters<double[]> doubles() {
        Parameters<double[]> p = doubles;
        if (p == null) {
            List<double[]> w = new ArrayList<>();
            List<double[]> b = new ArrayList<>();
            for (DenseLayer layer : architecture.denseLayers()) {
                w.add(weights.doubles(layer.weightsKey()));
                b.add(layer.useBias() ? weights.doubles(layer.biasesKey()) : new double[layer.outputSize()]);
            }
            doubles = p = new Parameters<>(w, b);
        }
        return p;
    }

    public Architecture architecture() {
        return architecture;
    }

    @Override
    public int inputSize() {
        return architecture.inputSize();
    }

    @Override
    public int outputSize() {
        return architecture.outputSize();
    }

    /** The network's output for one sample, computed in float. */
    @Override
    public float[] predict(float[] input) {
        checkSample(input.length);
        return predict(new float[][] {input})[0];
    }

    /** The network's output for one sample, computed in double. */
    @Override
    public double[] predict(double[] input) {
        checkSample(input.length);
        return predict(new double[][] {input})[0];
    }

    /** {@code rows} samples back to back in {@code inputs}, outputs back to back, computed in float. */
    @Override
    public void predictBatch(float[] inputs, int rows, float[] outputs) {
        checkFlat(inputs.length, rows, outputs.length);
        int in = inputSize();
        int out = outputSize();
        for (int r = 0; r < rows; r++) {
            float[] y = predict(java.util.Arrays.copyOfRange(inputs, r * in, (r + 1) * in));
            System.arraycopy(y, 0, outputs, r * out, out);
        }
    }

    /** {@code rows} samples back to back in {@code inputs}, outputs back to back, computed in double. */
    @Override
    public void predictBatch(double[] inputs, int rows, double[] outputs) {
        checkFlat(inputs.length, rows, outputs.length);
        int in = inputSize();
        int out = outputSize();
        for (int r = 0; r < rows; r++) {
            double[] y = predict(java.util.Arrays.copyOfRange(inputs, r * in, (r + 1) * in));
            System.arraycopy(y, 0, outputs, r * out, out);
        }
    }

    private void checkSample(int width) {
        if (width != inputSize()) {
            throw new IllegalArgumentException(InputWidth.message(inputSize(), width));
        }
    }

    private void checkFlat(int inputs, int rows, int outputs) {
        InputWidth.checkBatch(inputSize(), outputSize(), inputs, rows, outputs);
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
        checkRows(batch);
        checkWidths(batch.length, i -> batch[i].length);
        Parameters<float[]> parameters = floats();
        List<float[][]> outputs = new ArrayList<>();
        float[][] x = batch;
        int dense = 0;
        for (Layer layer : architecture.layers()) {
            float[][] y = new float[x.length][];
            for (int r = 0; r < x.length; r++) {
                if (layer instanceof DenseLayer d) {
                    y[r] = dense(x[r], parameters.weights().get(dense), parameters.biases().get(dense), d.outputSize());
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
        checkRows(batch);
        checkWidths(batch.length, i -> batch[i].length);
        Parameters<double[]> parameters = doubles();
        List<double[][]> outputs = new ArrayList<>();
        double[][] x = batch;
        int dense = 0;
        for (Layer layer : architecture.layers()) {
            double[][] y = new double[x.length][];
            for (int r = 0; r < x.length; r++) {
                if (layer instanceof DenseLayer d) {
                    y[r] = dense(x[r], parameters.weights().get(dense), parameters.biases().get(dense), d.outputSize());
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

    /** Names a null row, as the generated classes' {@code predict} does. */
    private static void checkRows(Object[] batch) {
        java.util.Objects.requireNonNull(batch, "batch is null");
        for (int r = 0; r < batch.length; r++) {
            if (batch[r] == null) {
                throw new NullPointerException(InputWidth.nullRow(r));
            }
        }
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
