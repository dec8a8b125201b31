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

    /** The headline, then the source line and a caret under the column, as javac prints it. */
    public String format() {
        if (sourceLine.isEmpty()) {
            return headline();
        }
        return headline() + "\n" + sourceLine + "\n" + caret();
    }

    /** Spaces up to the column, keeping tabs so the caret lines up however tabs are shown. */
    private String caret() {
        StringBuilder caret = new StringBuilder();
        int offset = 0;
        for (int column = 1; column < position.column() && offset < sourceLine.length(); column++) {
            int cp = sourceLine.codePointAt(offset);
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
