package dev.netc.dsl.ast;

import java.util.Optional;

/**
 * One argument of a call: {@code 0.2} or {@code a=0.2}.
 *
 * <p>Immutable and thread-safe.
 */
public record Argument(Optional<Name> name, NumberLiteral value) {}
