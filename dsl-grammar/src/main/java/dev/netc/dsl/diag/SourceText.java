package dev.netc.dsl.diag;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a {@code .net} file with the name to show in diagnostics, and its lines for carets.
 *
 * <p>Immutable and thread-safe.
 */
public final class SourceText {
    private final String displayName;
    private final String text;
    private final List<String> lines;

    /**
     * @param displayName how the file is named in diagnostics, e.g. its path
     * @param text the whole file; a leading byte order mark is dropped so columns on line 1 stay right
     */
    public SourceText(String displayName, String text) {
        this.displayName = displayName;
        this.text = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.lines = splitLines(this.text);
    }

    public String displayName() {
        return displayName;
    }

    public String text() {
        return text;
    }

    /** Line {@code number} (1-based) without its line break, or "" past the end. */
    public String line(int number) {
        return number >= 1 && number <= lines.size() ? lines.get(number - 1) : "";
    }

    /** A diagnostic at {@code position} in this file. */
    public Diagnostic error(Position position, String message) {
        return new Diagnostic(displayName, position, message, line(position.line()));
    }

    /** Lines as ANTLR counts them: only '\n' ends a line; a '\r' before it is dropped. */
    private static List<String> splitLines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                lines.add(stripCarriageReturn(text.substring(start, i)));
                start = i + 1;
            }
        }
        lines.add(stripCarriageReturn(text.substring(start)));
        return lines;
    }

    private static String stripCarriageReturn(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }
}
