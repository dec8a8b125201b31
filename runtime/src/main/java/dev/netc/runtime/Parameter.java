package dev.netc.runtime;

/**
 * A named numeric argument of an activation or initializer, such as {@code a} in
 * {@code leaky_relu(a=0.2)}, with the value it takes when the caller leaves it out.
 *
 * <p>Immutable and thread-safe.
 */
public record Parameter(String name, double defaultValue) {}
