package dev.netc.runtime;

import java.util.List;
import java.util.Optional;
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

    /**
     * Why the arguments are unusable in a network of {@code precision}, or empty when they are fine.
     * Each must be a number the precision holds: {@code leaky_relu(1e40)} in float would multiply
     * by infinity and give NaN at 0.
     */
    public Optional<String> checkArguments(Precision precision) {
        for (int i = 0; i < arguments.size(); i++) {
            double value = arguments.get(i);
            if (!(Math.abs(value) <= precision.largest())) {
                return Optional.of("the argument " + activation.parameters().get(i).name() + " = "
                        + Numbers.format(value) + " of '" + activation.keyword() + "' does not fit a "
                        + precision.keyword() + " (at most " + precision.largestText() + " in magnitude)");
            }
        }
        return Optional.empty();
    }

    /** As written in the language: {@code relu}, {@code leaky_relu(0.2)}. */
    @Override
    public String toString() {
        return arguments.isEmpty() ? activation.keyword()
                : activation.keyword() + arguments.stream().map(Numbers::format).collect(Collectors.joining(", ", "(", ")"));
    }
}
