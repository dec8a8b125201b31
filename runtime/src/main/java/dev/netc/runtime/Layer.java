package dev.netc.runtime;

/**
 * One step of a sequential network: a {@link DenseLayer}, a standalone {@link ActivationLayer} or a
 * {@link DropoutLayer}.
 *
 * <p>Implementations are immutable records and thread-safe.
 */
public sealed interface Layer permits DenseLayer, ActivationLayer, DropoutLayer {
    /** The layer's name, unique in its network. */
    String name();

    /** Values per sample this layer takes. */
    int inputSize();

    /** Values per sample this layer produces. */
    int outputSize();

    /** The activation applied to the layer's output ({@code linear} when none). */
    ActivationCall activation();

    /** Trainable values: weights plus biases for a dense layer, none for an activation. */
    long parameterCount();
}
