package dev.netc.cli;

import dev.netc.dsl.diag.Diagnostic;
import java.io.PrintWriter;

/**
 * Where a command writes, and whether in colour: results go to {@link #out()}, diagnostics and
 * errors to {@link #err()}, which alone is coloured (when it is a terminal: see {@link Colors}). Colours
 * follow clang: the {@code FILE:LINE:COLUMN:} prefix and message in bold, {@code error:} in bold red, the
 * caret in bold green.
 */
final class Terminal {
    private static final String RESET = "\u001B[0m";
    private static final String BOLD = "\u001B[1m";
    private static final String BOLD_RED = "\u001B[1;31m";
    private static final String BOLD_GREEN = "\u001B[1;32m";

    private final PrintWriter out;
    private final PrintWriter err;
    /** Whether {@link #err()} is coloured. */
    private final boolean color;
    private final boolean interactive;

    /** @param interactive whether {@code out} is a terminal, so a progress line may be rewritten in place */
    Terminal(PrintWriter out, PrintWriter err, boolean color, boolean interactive) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.interactive = interactive;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    boolean color() {
        return color;
    }

    /** True when {@link #out()} is a terminal: progress is one line rewritten in place; else one line per update. */
    boolean interactive() {
        return interactive;
    }

    /** Prints {@code d} as javac does: the headline, the source line, a caret under the column. */
    void diagnostic(Diagnostic d) {
        String[] lines = d.format().split("\n", -1);
        String prefix = d.file() + ":" + d.line() + ":" + d.column() + ":";
        err.println(style(BOLD, prefix) + " " + style(BOLD_RED, "error:") + " " + style(BOLD, d.message()));
        if (lines.length == 3) {
            err.println(lines[1]);
            err.println(style(BOLD_GREEN, lines[2]));
        }
    }

    /** {@code netc: error: MESSAGE} on the error stream. */
    void error(String message) {
        err.println("netc: " + style(BOLD_RED, "error:") + " " + message);
    }

    /** {@code N error(s) in M file(s)}, after the diagnostics, as javac ends its report. */
    void errorCount(int errors, int files) {
        err.println(errors + " error" + (errors == 1 ? "" : "s") + " in " + files + " file" + (files == 1 ? "" : "s"));
    }

    void flush() {
        out.flush();
        err.flush();
    }

    private String style(String code, String text) {
        return color ? code + text + RESET : text;
    }
}
