package dev.netc.runtime;

import java.util.Objects;

/**
 * Keras' {@code Dropout(rate)}: the identity in {@code predict}; while training, each value is kept
 * with probability {@code 1 - rate} and then scaled by {@code 1 / (1 - rate)}, so the expected
 * value is unchanged.
 *
 * @param name the layer's name, unique in its network
 * @param inputSize values per sample, the same going out
 * @param rate the fraction dropped while training, {@code 0 <= rate < 1}
 *
 * <p>Immutable and thread-safe.
 */
public record DropoutLayer(String name, int inputSize, double rate) implements Layer {
    public DropoutLayer {
        Objects.requireNonNull(name, "name");
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException("dropout '" + name + "' needs a rate from 0 up to (not including) 1, got "
                    + Numbers.format(rate));
        }
    }

    @Override
    public int outputSize() {
        return inputSize;
    }

    /** Dropout changes no value outside training: {@code linear}. */
    @Override
    public ActivationCall activation() {
        return ActivationCall.of(Activation.LINEAR);
    }

    @Override
    public long parameterCount() {
        return 0;
    }
}
