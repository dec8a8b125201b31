package dev.netc.runtime;

import java.util.List;

/**
 * A named numeric argument of an activation or initializer, such as {@code a} in
 * {@code leaky_relu(a=0.2)}, with the value it takes when the caller leaves it out.
 *
 * <p>Immutable and thread-safe.
 *
 * @param aliases other names a named argument may use, e.g. Keras' {@code value} for {@code constant}'s {@code v}
 */
public record Parameter(String name, double defaultValue, List<String> aliases) {
    public Parameter {
        aliases = List.copyOf(aliases);
    }

    /** A parameter known by one name. */
    public Parameter(String name, double defaultValue) {
        this(name, defaultValue, List.of());
    }

    /** Whether a named argument {@code argumentName} binds to this parameter. */
    public boolean isCalled(String argumentName) {
        return name.equals(argumentName) || aliases.contains(argumentName);
    }
}
