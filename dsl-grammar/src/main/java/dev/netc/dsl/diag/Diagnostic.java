package dev.netc.dsl.diag;

/**
 * One problem in a {@code .net} file, printed as javac does:
 * <pre>
 * iris.net:6:17: error: unknown activation 'rellu'; did you mean 'relu'?
 * dense 4 -> 16 rellu;
 *               ^
 * </pre>
 *
 * @param file the file as it should be shown to the user
 * @param position where the problem is
 * @param message what is wrong and, where possible, what was expected
 * @param sourceLine the text of the offending line (without its line break), or empty when unknown
 *
 * <p>Immutable and thread-safe.
 */
public record Diagnostic(String file, Position position, String message, String sourceLine) {

    public int line() {
        return position.line();
    }

    public int column() {
        return position.column();
    }

    /** The first line only: {@code FILE:LINE:COLUMN: error: MESSAGE}. */
    public String headline() {
        return file + ":" + position.line() + ":" + position.column() + ": error: " + message;
    }

    /**
     * The headline, then the source line and a caret under the column, as javac prints it. A line
     * longer than {@value #MAX_SHOWN_LINE} characters is shown as the part around the column, between
     * "...", and characters a terminal would not show as themselves are shown as U+FFFD (see
     * {@link Excerpt#visible}), so a hostile file cannot flood or garble the log.
     */
    public String format() {
        if (sourceLine.isEmpty()) {
            return headline();
        }
        String line = sourceLine;
        int column = position.column();
        int length = line.codePointCount(0, line.length());
        if (length > MAX_SHOWN_LINE) {
            int start = Math.max(0, Math.min(column - 1 - MAX_SHOWN_LINE / 2, length - MAX_SHOWN_LINE));
            int end = Math.min(length, start + MAX_SHOWN_LINE);
            String prefix = start > 0 ? "..." : "";
            line = prefix + line.substring(line.offsetByCodePoints(0, start), line.offsetByCodePoints(0, end))
                    + (end < length ? "..." : "");
            column = column - start + prefix.length();
        }
        line = Excerpt.visible(line);
        return headline() + "\n" + line + "\n" + caret(line, column);
    }

    /** The most characters of a source line a diagnostic shows. */
    public static final int MAX_SHOWN_LINE = 120;

    /** Spaces up to the column, keeping tabs so the caret lines up however tabs are shown. */
    private static String caret(String line, int column) {
        StringBuilder caret = new StringBuilder();
        int offset = 0;
        for (int c = 1; c < column && offset < line.length(); c++) {
            int cp = line.codePointAt(offset);
            caret.append(cp == '\t' ? '\t' : ' ');
            offset += Character.charCount(cp);
        }
        return caret.append('^').toString();
    }

    @Override
    public String toString() {
        return format();
    }
}
