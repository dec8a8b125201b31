package dev.netc.dsl;

import dev.netc.dsl.diag.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What checking a {@code .net} file gave: a network when there were no errors, otherwise every
 * diagnostic of the file in source order.
 *
 * <p>Immutable and thread-safe.
 */
public record CheckResult(Optional<CheckedNetwork> network, List<Diagnostic> diagnostics) {
    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
    }

    static CheckResult failed(List<Diagnostic> diagnostics) {
        return new CheckResult(Optional.empty(), diagnostics);
    }

    /** True when the file passed every check. */
    public boolean ok() {
        return network.isPresent();
    }

    /** Every diagnostic formatted as javac would print it, one after another. */
    public String report() {
        StringBuilder out = new StringBuilder();
        for (Diagnostic d : diagnostics) {
            out.append(d.format()).append('\n');
        }
        return out.toString();
    }
}
