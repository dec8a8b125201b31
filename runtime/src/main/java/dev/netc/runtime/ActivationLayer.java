package dev.netc.runtime;

/**
 * A standalone activation, as Keras' {@code Activation('softmax')}: applies to the previous output, keeps its width.
 *
 * <p>Immutable and thread-safe.
 */
public record ActivationLayer(String name, int inputSize, ActivationCall activation) implements Layer {
    @Override
    public int outputSize() {
        return inputSize;
    }

    @Override
    public long parameterCount() {
        return 0;
    }
}
