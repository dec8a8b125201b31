package dev.netc.dsl.ast;

/**
 * The right-hand side of a layer option: a word or call ({@code he_normal}, {@code normal(0.1)}) or a number.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public sealed interface OptionValue permits Call, NumberLiteral {}
