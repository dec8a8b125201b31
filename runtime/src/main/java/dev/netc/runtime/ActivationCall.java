package dev.netc.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An activation with its arguments bound, one per {@link Activation#parameters() parameter}, such
 * as {@code leaky_relu(0.2)}.
 *
 * <p>Immutable and thread-safe.
 */
public record ActivationCall(Activation activation, List<Double> arguments) {
    public ActivationCall {
        arguments = List.copyOf(arguments);
        if (arguments.size() != activation.parameters().size()) {
            throw new IllegalArgumentException(activation + " takes " + activation.parameters().size()
                    + " arguments, got " + arguments.size());
        }
    }

    /** The activation with every parameter at its default. */
    public static ActivationCall of(Activation activation) {
        return new ActivationCall(activation, activation.parameters().stream().map(Parameter::defaultValue).toList());
    }

    /** The arguments as an array, for the formulas. */
    public double[] argumentArray() {
        return arguments.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** As written in the language: {@code relu}, {@code leaky_relu(0.2)}. */
    @Override
    public String toString() {
        return arguments.isEmpty() ? activation.keyword()
                : activation.keyword() + arguments.stream().map(Numbers::format).collect(Collectors.joining(", ", "(", ")"));
    }
}
