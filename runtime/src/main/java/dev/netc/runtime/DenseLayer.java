package dev.netc.runtime;

import dev.netc.runtime.io.NpyHeader;
import java.util.Objects;

/**
 * The tutorial's {@code Layer_Dense}: {@code output = activation(input @ weights + biases)} with
 * weights of shape (inputSize, outputSize) and biases of shape (outputSize).
 *
 * <p>Immutable and thread-safe.
 */
public record DenseLayer(
        String name,
        int inputSize,
        int outputSize,
        ActivationCall activation,
        boolean useBias,
        InitializerCall kernelInitializer,
        InitializerCall biasInitializer,
        Regularization regularization) implements Layer {

    /** A layer without regularization. */
    public DenseLayer(String name, int inputSize, int outputSize, ActivationCall activation, boolean useBias,
            InitializerCall kernelInitializer, InitializerCall biasInitializer) {
        this(name, inputSize, outputSize, activation, useBias, kernelInitializer, biasInitializer, Regularization.NONE);
    }

    public DenseLayer {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(activation, "activation");
        Objects.requireNonNull(kernelInitializer, "kernelInitializer");
        Objects.requireNonNull(biasInitializer, "biasInitializer");
        Objects.requireNonNull(regularization, "regularization");
        if (inputSize <= 0 || outputSize <= 0) {
            throw new IllegalArgumentException("layer '" + name + "' needs positive widths, got " + inputSize + " -> " + outputSize);
        }
        if ((long) inputSize * outputSize > NpyHeader.MAX_ELEMENTS) {
            // One Java array holds the weights, as the language's checks promise.
            throw new IllegalArgumentException("layer '" + name + "' has " + (long) inputSize * outputSize
                    + " weights; a layer may have at most " + NpyHeader.MAX_ELEMENTS);
        }
    }

    /** The key of the weight matrix in an {@code .npz} file: {@code NAME.weights}. */
    public String weightsKey() {
        return name + ".weights";
    }

    /** The key of the bias vector in an {@code .npz} file: {@code NAME.biases}. */
    public String biasesKey() {
        return name + ".biases";
    }

    @Override
    public long parameterCount() {
        return (long) inputSize * outputSize + (useBias ? outputSize : 0);
    }
}
