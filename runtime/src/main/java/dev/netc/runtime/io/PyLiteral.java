package dev.netc.runtime.io;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parser for the Python literals an {@code .npy} header is written in: dicts, tuples, lists,
 * strings, integers, {@code True}, {@code False} and {@code None}.
 *
 * <p>NumPy reads headers with {@code ast.literal_eval}; this accepts the same subset that NumPy
 * itself writes, with hard limits on nesting, item counts and number lengths so that a hostile
 * header can neither overflow the stack nor make parsing slow.
 */
final class PyLiteral {
    /** A Python tuple; distinct from a list because NumPy requires the shape to be a tuple. */
    record Tuple(List<Object> items) {}

    /** Python's {@code None}. */
    static final Object NONE = new Object() {
        @Override
        public String toString() {
            return "None";
        }
    };

    /** Why a header is not a literal; the message says what was wrong and where. */
    static final class SyntaxError extends Exception {
        private static final long serialVersionUID = 1L;

        SyntaxError(String message) {
            super(message);
        }
    }

    private static final int MAX_DEPTH = 16;
    private static final int MAX_NODES = 10_000;
    private static final int MAX_DIGITS = 40;

    private final String text;
    private int pos;
    private int nodes;

    private PyLiteral(String text) {
        this.text = text;
    }

    /** Parses {@code text}, which must hold exactly one literal, optionally surrounded by whitespace. */
    static Object parse(String text) throws SyntaxError {
        PyLiteral p = new PyLiteral(text);
        p.skipSpace();
        Object value = p.value(0);
        p.skipSpace();
        if (p.pos < text.length()) {
            throw p.error("unexpected text after the literal");
        }
        return value;
    }

    private Object value(int depth) throws SyntaxError {
        if (depth > MAX_DEPTH) {
            throw error("nested more than " + MAX_DEPTH + " levels deep");
        }
        if (++nodes > MAX_NODES) {
            throw error("more than " + MAX_NODES + " values");
        }
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        char c = text.charAt(pos);
        switch (c) {
            case '{':
                return dict(depth);
            case '(':
                return tupleOrGroup(depth);
            case '[':
                return list(depth);
            case '\'':
            case '"':
                return string();
            default:
                break;
        }
        if (c == '-' || c == '+' || isDigit(c)) {
            return integer();
        }
        if (Character.isLetter(c) || c == '_') {
            int start = pos;
            while (pos < text.length()
                    && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            String word = text.substring(start, pos);
            switch (word) {
                case "True":
                    return Boolean.TRUE;
                case "False":
                    return Boolean.FALSE;
                case "None":
                    return NONE;
                default:
                    pos = start;
                    throw error("unexpected name '" + shorten(word) + "'");
            }
        }
        throw error("unexpected character");
    }

    private Map<String, Object> dict(int depth) throws SyntaxError {
        pos++; // '{'
        Map<String, Object> map = new LinkedHashMap<>();
        skipSpace();
        while (!peek('}')) {
            int keyPos = pos;
            Object key = value(depth + 1);
            if (!(key instanceof String)) {
                pos = keyPos;
                throw error("dict key is not a string");
            }
            skipSpace();
            expect(':');
            skipSpace();
            Object v = value(depth + 1);
            if (map.put((String) key, v) != null) {
                pos = keyPos;
                throw error("key '" + shorten((String) key) + "' appears twice");
            }
            skipSpace();
            if (!peek('}')) {
                expect(',');
                skipSpace();
            }
        }
        pos++; // '}'
        return map;
    }

    private Object tupleOrGroup(int depth) throws SyntaxError {
        pos++; // '('
        List<Object> items = new ArrayList<>();
        boolean sawComma = false;
        skipSpace();
        while (!peek(')')) {
            items.add(value(depth + 1));
            skipSpace();
            if (!peek(')')) {
                expect(',');
                sawComma = true;
                skipSpace();
            }
        }
        pos++; // ')'
        // In Python "(3)" is just 3; only "()", "(3,)" and "(3, 4)" are tuples.
        if (items.size() == 1 && !sawComma) {
            return items.get(0);
        }
        return new Tuple(List.copyOf(items));
    }

    private List<Object> list(int depth) throws SyntaxError {
        pos++; // '['
        List<Object> items = new ArrayList<>();
        skipSpace();
        while (!peek(']')) {
            items.add(value(depth + 1));
            skipSpace();
            if (!peek(']')) {
                expect(',');
                skipSpace();
            }
        }
        pos++; // ']'
        return items;
    }

    private String string() throws SyntaxError {
        char quote = text.charAt(pos++);
        StringBuilder sb = new StringBuilder();
        while (true) {
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char c = text.charAt(pos++);
            if (c == quote) {
                return sb.toString();
            }
            if (c == '\n') {
                throw error("unterminated string");
            }
            if (c != '\\') {
                sb.append(c);
                continue;
            }
            if (pos >= text.length()) {
                throw error("unterminated string");
            }
            char e = text.charAt(pos++);
            switch (e) {
                case 'n':
                    sb.append('\n');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case '0':
                    sb.append('\0');
                    break;
                case 'x':
                    sb.append((char) hex(2));
                    break;
                case 'u':
                    sb.append((char) hex(4));
                    break;
                default:
                    // \\, \', \" and anything else: the character itself (close enough for dtypes).
                    sb.append(e);
                    break;
            }
        }
    }

    private int hex(int digits) throws SyntaxError {
        if (pos + digits > text.length()) {
            throw error("truncated escape");
        }
        int v = 0;
        for (int i = 0; i < digits; i++) {
            int d = Character.digit(text.charAt(pos++), 16);
            if (d < 0) {
                throw error("bad escape");
            }
            v = v * 16 + d;
        }
        return v;
    }

    private BigInteger integer() throws SyntaxError {
        int start = pos;
        if (text.charAt(pos) == '-' || text.charAt(pos) == '+') {
            pos++;
        }
        int digitsStart = pos;
        while (pos < text.length() && isDigit(text.charAt(pos))) {
            pos++;
        }
        int digits = pos - digitsStart;
        if (digits == 0) {
            pos = start;
            throw error("expected a number");
        }
        if (digits > MAX_DIGITS) {
            pos = start;
            throw error("number has more than " + MAX_DIGITS + " digits");
        }
        BigInteger value = new BigInteger(text.substring(start, pos));
        // Python 2 NumPy wrote long integers as "3L"; NumPy still reads them.
        if (pos < text.length() && (text.charAt(pos) == 'L' || text.charAt(pos) == 'l')) {
            pos++;
        }
        if (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '.')) {
            throw error("only integers are expected here");
        }
        return value;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private boolean peek(char c) throws SyntaxError {
        if (pos >= text.length()) {
            throw error("unexpected end of header");
        }
        return text.charAt(pos) == c;
    }

    private void expect(char c) throws SyntaxError {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\f') {
                return;
            }
            pos++;
        }
    }

    private SyntaxError error(String what) {
        String rest = pos < text.length() ? shorten(text.substring(pos).strip()) : "";
        StringBuilder near = new StringBuilder();
        for (char c : rest.toCharArray()) {
            // Escape control characters so a hostile header cannot garble the message.
            near.append(Character.isISOControl(c) ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return new SyntaxError(what + " at character " + pos
                + (near.length() > 0 ? " near \"" + near + "\"" : ""));
    }

    private static String shorten(String s) {
        return s.length() <= 20 ? s : s.substring(0, 20) + "...";
    }
}
