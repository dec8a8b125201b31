package dev.netc.dsl.ast;

import dev.netc.dsl.diag.Position;

/**
 * A number as written in the source; its range and kind (whole or not) are checked later.
 *
 * <p>Immutable and thread-safe.
 */
public record NumberLiteral(String text, Position position) implements OptionValue {}
