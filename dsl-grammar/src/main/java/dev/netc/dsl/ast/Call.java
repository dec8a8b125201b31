package dev.netc.dsl.ast;

import java.util.List;

/**
 * A name with optional arguments: {@code relu}, {@code leaky_relu(0.2)}, {@code normal(0, 0.1)},
 * and also plain words in option values ({@code hidden}, {@code true}).
 *
 * @param hasParentheses whether the source had {@code (...)}, even empty
 *
 * <p>Immutable and thread-safe.
 */
public record Call(Name name, List<Argument> arguments, boolean hasParentheses) implements OptionValue {
    public Call {
        arguments = List.copyOf(arguments);
    }
}
