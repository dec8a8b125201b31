package dev.netc.dsl.check;

import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Position;
import dev.netc.dsl.diag.SourceText;
import java.util.ArrayList;
import java.util.List;

/** The semantic errors of one file, collected so that all of them are reported at once. */
final class Problems {
    private final SourceText source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    Problems(SourceText source) {
        this.source = source;
    }

    void error(Position position, String message) {
        diagnostics.add(source.error(position, message));
    }

    boolean isEmpty() {
        return diagnostics.isEmpty();
    }

    List<Diagnostic> diagnostics() {
        return List.copyOf(diagnostics);
    }
}
