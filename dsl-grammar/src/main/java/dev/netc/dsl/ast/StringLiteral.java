package dev.netc.dsl.ast;

import dev.netc.dsl.diag.Position;

/**
 * A quoted string with its escapes resolved; {@code position} is that of the opening quote.
 *
 * <p>Immutable and thread-safe.
 */
public record StringLiteral(String value, Position position) {}
