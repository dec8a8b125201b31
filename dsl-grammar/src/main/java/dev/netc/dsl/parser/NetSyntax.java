package dev.netc.dsl.parser;

import dev.netc.dsl.ast.NetFile;
import dev.netc.dsl.diag.Diagnostic;
import dev.netc.dsl.diag.SourceText;
import java.util.List;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Parses the text of a {@code .net} file into a {@link NetFile}, collecting every syntax error.
 *
 * <p>Thread-safe: each {@link #parse} call has its own lexer and parser (ANTLR's shared prediction caches are synchronized).
 */
public final class NetSyntax {
    private NetSyntax() {}

    /**
     * The syntax tree of {@code source} and its syntax errors. Statements with errors appear as
     * {@link dev.netc.dsl.ast.Statement.Broken}; the rest are complete.
     */
    public static Result parse(SourceText source) {
        SyntaxErrorCollector errors = new SyntaxErrorCollector(source);
        NetLexer lexer = new NetLexer(CharStreams.fromString(source.text(), source.displayName()));
        lexer.removeErrorListeners();
        lexer.addErrorListener(errors);
        NetParser parser = new NetParser(new CommonTokenStream(lexer));
        parser.removeErrorListeners();
        parser.addErrorListener(errors);
        parser.setErrorHandler(new SyntaxErrorStrategy());
        NetFile file = new AstBuilder().build(parser.network());
        return new Result(file, List.copyOf(errors.diagnostics()));
    }

    /** A syntax tree and the syntax errors found while building it. */
    public record Result(NetFile file, List<Diagnostic> errors) {}
}
