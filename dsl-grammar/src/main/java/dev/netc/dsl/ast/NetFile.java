package dev.netc.dsl.ast;

import java.util.List;

/**
 * A parsed {@code .net} file: its statements in source order, before any semantic check.
 *
 * <p>Immutable and thread-safe.
 */
public record NetFile(List<Statement> statements) {
    public NetFile {
        statements = List.copyOf(statements);
    }
}
