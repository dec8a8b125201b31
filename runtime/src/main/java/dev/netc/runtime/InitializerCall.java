package dev.netc.runtime;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An initializer with its arguments bound, one per {@link Initializer#parameters() parameter}, such
 * as {@code normal(0.0, 0.1)}.
 *
 * <p>Immutable and thread-safe.
 */
public record InitializerCall(Initializer initializer, List<Double> arguments) {
    public InitializerCall {
        arguments = List.copyOf(arguments);
        if (arguments.size() != initializer.parameters().size()) {
            throw new IllegalArgumentException(initializer + " takes " + initializer.parameters().size()
                    + " arguments, got " + arguments.size());
        }
    }

    /** The initializer with every parameter at its default. */
    public static InitializerCall of(Initializer initializer) {
        return new InitializerCall(initializer, initializer.parameters().stream().map(Parameter::defaultValue).toList());
    }

    /** The arguments as an array, for {@link Initializer#fill}. */
    public double[] argumentArray() {
        return arguments.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** As written in the language: {@code zeros}, {@code normal(0.0, 0.1)}. */
    @Override
    public String toString() {
        return arguments.isEmpty() ? initializer.keyword()
                : initializer.keyword() + arguments.stream().map(Numbers::format).collect(Collectors.joining(", ", "(", ")"));
    }
}
