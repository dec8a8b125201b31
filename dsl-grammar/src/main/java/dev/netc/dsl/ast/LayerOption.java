package dev.netc.dsl.ast;

/**
 * {@code key=value} after a dense layer's widths, such as {@code init=he_normal}.
 *
 * <p>Immutable and thread-safe.
 */
public record LayerOption(Name key, OptionValue value) {}
