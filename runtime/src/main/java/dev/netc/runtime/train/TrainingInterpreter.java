package dev.netc.runtime.train;

import dev.netc.runtime.Activation;
import dev.netc.runtime.Architecture;
import dev.netc.runtime.DenseLayer;
import dev.netc.runtime.DropoutLayer;
import dev.netc.runtime.Layer;
import dev.netc.runtime.Regularization;
import dev.netc.runtime.Weights;
import dev.netc.runtime.io.NpyArray;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Training as the tutorial writes it, layer by layer in double precision: the reference the generated
 * trainers are tested against (spec §6). Each layer's forward pass keeps what its backward pass needs;
 * {@link #step} runs forward, the loss, backward, then the optimizer on every weight and bias array.
 *
 * <p>Mutable: one thread at a time.
 */
public final class TrainingInterpreter {
    private final Architecture architecture;
    private final Loss loss;
    private final Optimizer optimizer;
    private final List<Layer> layers;
    private final double[][] weights;
    private final double[][] biases;
    private final double[][][] weightState;
    private final double[][][] biasState;
    private final SplittableRandom dropout;
    private long steps;
    private double correct;

    /**
     * Starts from {@code start}'s values (copied).
     *
     * @param dropoutSeed seeds the masks of dropout layers
     * @throws IllegalArgumentException if the loss does not fit the network's last layer
     */
    public TrainingInterpreter(Weights start, Loss loss, Optimizer optimizer, long dropoutSeed) {
        this.architecture = start.architecture();
        TrainingChecks.lossFits(architecture, loss);
        this.loss = loss;
        this.optimizer = java.util.Objects.requireNonNull(optimizer, "optimizer");
        this.layers = architecture.layers();
        int n = layers.size();
        weights = new double[n][];
        biases = new double[n][];
        weightState = new double[n][][];
        biasState = new double[n][][];
        for (int l = 0; l < n; l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                weights[l] = start.doubles(dense.weightsKey());
                weightState[l] = state(weights[l].length);
                if (dense.useBias()) {
                    biases[l] = start.doubles(dense.biasesKey());
                    biasState[l] = state(biases[l].length);
                }
            }
        }
        this.dropout = new SplittableRandom(dropoutSeed);
    }

    private double[][] state(int size) {
        double[][] state = new double[2][];
        for (int k = 0; k < optimizer.stateArrays(); k++) {
            state[k] = new double[size];
        }
        return state;
    }

    /** One optimizer step on a batch with class labels; returns the loss before the step. */
    public double step(double[][] inputs, int[] labels) {
        TrainingChecks.labelsFit(loss);
        TrainingChecks.inputs(inputs, architecture.inputSize(), "inputs");
        TrainingChecks.labels(labels, inputs.length, architecture.outputSize());
        Pass pass = new Pass(inputs, true);
        return step(pass, pass.loss(labels), pass.correct(labels));
    }

    /** One optimizer step on a batch with target rows; returns the loss before the step. */
    public double step(double[][] inputs, double[][] targets) {
        TrainingChecks.inputs(inputs, architecture.inputSize(), "inputs");
        TrainingChecks.targets(targets, inputs.length, architecture.outputSize());
        Pass pass = new Pass(inputs, true);
        return step(pass, pass.loss(targets), pass.correct(targets));
    }

    /** Backward from the loss {@code pass} took, then the optimizer on every array. */
    private double step(Pass pass, double dataLoss, double rowsRight) {
        double value = dataLoss + regularizationLoss();
        correct = rowsRight;
        TrainingChecks.finiteLoss(value, steps);
        pass.backward();
        for (int l = 0; l < layers.size(); l++) {
            if (weights[l] != null) {
                optimizer.update(weights[l], pass.weightGradients[l], weights[l].length, weightState[l][0],
                        weightState[l][1], steps);
                if (biases[l] != null) {
                    optimizer.update(biases[l], pass.biasGradients[l], biases[l].length, biasState[l][0],
                            biasState[l][1], steps);
                }
            }
        }
        steps++;
        return value;
    }

    /** The loss on a batch with class labels, dropout off, without a step. */
    public double loss(double[][] inputs, int[] labels) {
        TrainingChecks.labelsFit(loss);
        Pass pass = new Pass(inputs, false);
        double value = pass.loss(labels) + regularizationLoss();
        correct = pass.correct(labels);
        return value;
    }

    /** The loss on a batch with target rows, dropout off, without a step. */
    public double loss(double[][] inputs, double[][] targets) {
        Pass pass = new Pass(inputs, false);
        double value = pass.loss(targets) + regularizationLoss();
        correct = pass.correct(targets);
        return value;
    }

    /**
     * The rows the last {@link #step} or {@link #loss} classified right, counted as {@link Accuracy} counts them
     * (for one-hot targets the arg-max, as for labels); 0 for the losses that report no accuracy.
     */
    public double correct() {
        return correct;
    }

    /**
     * The gradient of {@link #loss(double[][], double[][])} for every array, by its key in weight files
     * ({@code L.weights}, {@code L.biases}); nothing is updated.
     */
    public Map<String, double[]> gradients(double[][] inputs, double[][] targets) {
        Pass pass = new Pass(inputs, false);
        pass.loss(targets);
        pass.backward();
        Map<String, double[]> gradients = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                gradients.put(dense.weightsKey(), pass.weightGradients[l]);
                if (biases[l] != null) {
                    gradients.put(dense.biasesKey(), pass.biasGradients[l]);
                }
            }
        }
        return gradients;
    }

    /** The array {@code key} as it is now, live: tests perturb it to take finite differences. */
    public double[] array(String key) {
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                if (dense.weightsKey().equals(key)) {
                    return weights[l];
                }
                if (dense.biasesKey().equals(key) && biases[l] != null) {
                    return biases[l];
                }
            }
        }
        throw new IllegalArgumentException("no array '" + key + "'");
    }

    /** The weights now, in the network's precision. */
    public Weights weights() {
        List<NpyArray> arrays = new ArrayList<>();
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense) {
                arrays.add(architecture.precision().array(dense.weightsKey(), new int[] {dense.inputSize(), dense.outputSize()}, weights[l]));
                if (biases[l] != null) {
                    arrays.add(architecture.precision().array(dense.biasesKey(), new int[] {dense.outputSize()}, biases[l]));
                }
            }
        }
        return Weights.of(architecture, arrays);
    }

    /** Steps taken so far. */
    public long steps() {
        return steps;
    }

    /** {@code Σ l1·Σ|W| + l2·ΣW² + bias_l1·Σ|b| + bias_l2·Σb²} over the dense layers. */
    private double regularizationLoss() {
        double sum = 0;
        for (int l = 0; l < layers.size(); l++) {
            if (layers.get(l) instanceof DenseLayer dense && !dense.regularization().isNone()) {
                Regularization r = dense.regularization();
                sum += r.l1() * sumAbs(weights[l]) + r.l2() * sumSquares(weights[l]);
                if (biases[l] != null) {
                    sum += r.biasL1() * sumAbs(biases[l]) + r.biasL2() * sumSquares(biases[l]);
                }
            }
        }
        return sum;
    }

    private static double sumAbs(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += Math.abs(x);
        }
        return sum;
    }

    private static double sumSquares(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x * x;
        }
        return sum;
    }

    /** One forward pass over a batch, keeping every layer's input, pre-activation and output for backward. */
    private final class Pass {
        final int rows;
        final double[][] in;
        final double[][] z;
        final double[][] out;
        final double[][] masks;
        final double[][] weightGradients;
        final double[][] biasGradients;
        double[] lossGradient;
        boolean fused;

        Pass(double[][] inputs, boolean training) {
            rows = inputs.length;
            int n = layers.size();
            in = new double[n][];
            z = new double[n][];
            out = new double[n][];
            masks = new double[n][];
            weightGradients = new double[n][];
            biasGradients = new double[n][];
            double[] x = new double[rows * architecture.inputSize()];
            for (int r = 0; r < rows; r++) {
                System.arraycopy(inputs[r], 0, x, r * inputs[r].length, inputs[r].length);
            }
            for (int l = 0; l < n; l++) {
                Layer layer = layers.get(l);
                in[l] = x;
                int width = layer.outputSize();
                double[] pre = new double[rows * width];
                if (layer instanceof DenseLayer dense) {
                    int inputs0 = dense.inputSize();
                    for (int r = 0; r < rows; r++) {
                        for (int j = 0; j < width; j++) {
                            double sum = biases[l] == null ? 0 : biases[l][j];
                            for (int k = 0; k < inputs0; k++) {
                                sum += x[r * inputs0 + k] * weights[l][k * width + j];
                            }
                            pre[r * width + j] = sum;
                        }
                    }
                } else if (layer instanceof DropoutLayer drop && training && drop.rate() > 0) {
                    double[] mask = new double[pre.length];
                    double scale = 1 / (1 - drop.rate());
                    for (int i = 0; i < pre.length; i++) {
                        mask[i] = dropout.nextDouble() < drop.rate() ? 0 : scale;
                        pre[i] = x[i] * mask[i];
                    }
                    masks[l] = mask;
                } else {
                    System.arraycopy(x, 0, pre, 0, pre.length);
                }
                z[l] = pre;
                double[] y = pre.clone();
                Activation activation = layer.activation().activation();
                double[] args = layer.activation().argumentArray();
                for (int r = 0; r < rows; r++) {
                    activation.apply(y, r * width, width, args);
                }
                out[l] = y;
                x = y;
            }
        }

        double[] output() {
            return layers.isEmpty() ? in.length == 0 ? new double[0] : in[0] : out[layers.size() - 1];
        }

        double loss(double[][] targets) {
            int width = architecture.outputSize();
            lossGradient = new double[rows * width];
            fused = loss.lastActivation().isPresent();
            return Losses.of(loss, output(), rows, width, targets, lossGradient);
        }

        double correct(double[][] targets) {
            return loss.isClassification()
                    ? Accuracy.correct(loss, output(), rows, architecture.outputSize(), targets) : 0;
        }

        /** Categorical cross-entropy against class labels (the only loss that takes them), as against one-hot rows. */
        double loss(int[] labels) {
            int width = architecture.outputSize();
            lossGradient = new double[rows * width];
            fused = true;
            return Losses.categoricalCrossentropy(output(), rows, width, labels, lossGradient);
        }

        double correct(int[] labels) {
            return Accuracy.correct(output(), rows, architecture.outputSize(), labels);
        }

        void backward() {
            double[] g = lossGradient;
            for (int l = layers.size() - 1; l >= 0; l--) {
                Layer layer = layers.get(l);
                int width = layer.outputSize();
                if (!(fused && l == layers.size() - 1)) {
                    Activation activation = layer.activation().activation();
                    double[] args = layer.activation().argumentArray();
                    for (int r = 0; r < rows; r++) {
                        ActivationDerivatives.backward(activation, args, z[l], out[l], g, r * width, width);
                    }
                }
                if (layer instanceof DenseLayer dense) {
                    g = dense(l, dense, g);
                } else if (masks[l] != null) {
                    for (int i = 0; i < g.length; i++) {
                        g[i] *= masks[l][i];
                    }
                }
            }
        }

        /** dW = Xᵀ·dZ + l1·sign(W) + 2·l2·W, db = Σ_rows dZ + ..., returns dX = dZ·Wᵀ. */
        private double[] dense(int l, DenseLayer dense, double[] dz) {
            int inputs0 = dense.inputSize();
            int width = dense.outputSize();
            double[] x = in[l];
            double[] w = weights[l];
            double[] dw = new double[w.length];
            for (int k = 0; k < inputs0; k++) {
                for (int j = 0; j < width; j++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += x[r * inputs0 + k] * dz[r * width + j];
                    }
                    dw[k * width + j] = sum;
                }
            }
            Regularization reg = dense.regularization();
            for (int i = 0; i < w.length; i++) {
                dw[i] += reg.l1() * Math.signum(w[i]) + 2 * reg.l2() * w[i];
            }
            weightGradients[l] = dw;
            if (biases[l] != null) {
                double[] b = biases[l];
                double[] db = new double[width];
                for (int j = 0; j < width; j++) {
                    double sum = 0;
                    for (int r = 0; r < rows; r++) {
                        sum += dz[r * width + j];
                    }
                    db[j] = sum + reg.biasL1() * Math.signum(b[j]) + 2 * reg.biasL2() * b[j];
                }
                biasGradients[l] = db;
            }
            double[] dx = new double[rows * inputs0];
            for (int r = 0; r < rows; r++) {
                for (int k = 0; k < inputs0; k++) {
                    double sum = 0;
                    for (int j = 0; j < width; j++) {
                        sum += dz[r * width + j] * w[k * width + j];
                    }
                    dx[r * inputs0 + k] = sum;
                }
            }
            return dx;
        }
    }
}
