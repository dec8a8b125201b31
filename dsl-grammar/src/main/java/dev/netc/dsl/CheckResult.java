package dev.netc.dsl;

import dev.netc.dsl.diag.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What checking a {@code .net} file gave: a network when there were no errors, otherwise every
 * diagnostic of the file in source order.
 *
 * <p>Immutable and thread-safe.
 *
 * @param errorCount how many errors the file has: the size of {@code diagnostics}, except past
 *     {@link NetFrontEnd#MAX_DIAGNOSTICS}, where the diagnostics end with one that says how many more
 *     there are and this counts every error (150, not the 101 diagnostics shown)
 */
public record CheckResult(Optional<CheckedNetwork> network, List<Diagnostic> diagnostics, int errorCount) {
    public CheckResult {
        diagnostics = List.copyOf(diagnostics);
        if (errorCount < 0) {
            throw new IllegalArgumentException("errorCount " + errorCount + " < 0");
        }
    }

    /** A result whose diagnostics are all its errors. */
    public CheckResult(Optional<CheckedNetwork> network, List<Diagnostic> diagnostics) {
        this(network, diagnostics, diagnostics.size());
    }

    static CheckResult failed(List<Diagnostic> diagnostics) {
        return new CheckResult(Optional.empty(), diagnostics);
    }

    /** Failed with {@code errors} errors, of which {@code shown} are reported (the last one says how many more). */
    static CheckResult failed(List<Diagnostic> shown, int errors) {
        return new CheckResult(Optional.empty(), shown, errors);
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
