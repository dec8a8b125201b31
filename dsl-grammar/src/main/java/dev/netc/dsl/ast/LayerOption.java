package dev.netc.dsl.ast;

/** {@code key=value} after a dense layer's widths, such as {@code init=he_normal}. */
public record LayerOption(Name key, OptionValue value) {}
