package dev.netc.dsl.parser;

import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.Position;
import dev.netc.dsl.diag.SourceText;
import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;

/** Collects every syntax error as a {@link Diagnostic}, instead of ANTLR printing to the console. */
final class SyntaxErrorCollector extends BaseErrorListener {
    private final SourceText source;
    private final List<Diagnostic> diagnostics = new ArrayList<>();

    SyntaxErrorCollector(SourceText source) {
        this.source = source;
    }

    @Override
    public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int charPositionInLine,
            String message, RecognitionException e) {
        diagnostics.add(source.error(new Position(Math.max(line, 1), charPositionInLine + 1), message));
    }

    List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
