package dev.netc.dsl.ast;

import dev.netc.dsl.diag.Position;

/**
 * A word as written in the source, with where it starts.
 *
 * <p>Immutable and thread-safe.
 */
public record Name(String text, Position position) {}
