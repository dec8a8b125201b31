package dev.netc.dsl.diag;

/**
 * User text quoted in messages, cut to a readable length and with invisible characters made
 * visible, so that a hostile file (a name of a megabyte, control or bidirectional-override
 * characters) cannot flood or garble the build log.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Excerpt {
    /** The longest text quoted whole; longer text is cut and ends in "...". */
    public static final int MAX_QUOTED = 40;

    private Excerpt() {}

    /** {@code text} itself when short, else its first {@link #MAX_QUOTED} - 3 code points and "...". */
    public static String shorten(String text) {
        return shorten(text, MAX_QUOTED);
    }

    /** {@code text} itself when at most {@code max} code points long, else its first {@code max - 3} and "...". */
    public static String shorten(String text, int max) {
        String shown = visible(text);
        if (shown.codePointCount(0, shown.length()) <= max) {
            return shown;
        }
        return shown.substring(0, shown.offsetByCodePoints(0, max - 3)) + "...";
    }

    /**
     * {@code text} with every character that a terminal would not show as itself (controls other
     * than tab, format characters such as bidirectional overrides and byte order marks, lone
     * surrogates, unassigned code points) replaced by U+FFFD, one for one, so columns stay aligned.
     */
    public static String visible(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            if (!isVisible(cp)) {
                if (out == null) {
                    out = new StringBuilder(text.length()).append(text, 0, i);
                }
                out.append('\uFFFD');
            } else if (out != null) {
                out.append(text, i, next);
            }
            i = next;
        }
        return out == null ? text : out.toString();
    }

    /** False for characters that print as nothing, as something else, or reorder the line. */
    public static boolean isVisible(int cp) {
        if (cp == '\t') {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.UNASSIGNED,
                    Character.PRIVATE_USE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }
}
