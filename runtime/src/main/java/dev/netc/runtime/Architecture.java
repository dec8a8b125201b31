package dev.netc.runtime;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The shape of a checked network, without its weights: what the language describes, what the
 * generated class embeds, and what weight files are checked against.
 *
 * @param name the network's class name
 * @param inputSize values per sample the network takes
 * @param precision the type it computes in
 * @param seed the {@code seed} directive, which makes {@code random()} reproducible
 * @param layers dense and activation layers in order, each taking what the one before produces
 *
 * <p>Immutable and thread-safe.
 */
public record Architecture(String name, int inputSize, Precision precision, OptionalLong seed, List<Layer> layers) {
    public Architecture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(precision, "precision");
        Objects.requireNonNull(seed, "seed");
        layers = List.copyOf(layers);
        if (inputSize <= 0) {
            throw new IllegalArgumentException("network '" + name + "' needs a positive input width, got " + inputSize);
        }
        Set<String> names = new HashSet<>();
        int width = inputSize;
        for (Layer layer : layers) {
            if (!names.add(layer.name())) {
                // Weight arrays are named after their layer: two of one name would share them.
                throw new IllegalArgumentException("two layers are named '" + layer.name() + "'");
            }
            if (layer.inputSize() != width) {
                throw new IllegalArgumentException("layer '" + layer.name() + "' takes " + layer.inputSize()
                        + " inputs but receives " + width);
            }
            width = layer.outputSize();
            layer.activation().checkArguments(precision).ifPresent(problem -> {
                throw new IllegalArgumentException("layer '" + layer.name() + "': " + problem);
            });
        }
    }

    /** Values per sample the network produces. */
    public int outputSize() {
        return layers.isEmpty() ? inputSize : layers.get(layers.size() - 1).outputSize();
    }

    /** The dense layers in order, the ones that own weights. */
    public List<DenseLayer> denseLayers() {
        return layers.stream().filter(DenseLayer.class::isInstance).map(DenseLayer.class::cast).toList();
    }

    /** Total trainable values. */
    public long parameterCount() {
        return layers.stream().mapToLong(Layer::parameterCount).sum();
    }
}
