package dev.netc.runtime.train;

import dev.netc.runtime.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A loss or optimizer written in the language's call syntax, {@code adam(lr=0.02, decay=1e-4)}:
 * a name, then optionally numbers in parentheses, positional first, then {@code name=value}.
 * Errors read like the language's: what was expected, at which column, the text with a caret.
 *
 * @param text the whole text, for error messages
 * @param what "loss" or "optimizer"
 */
record CallText(String text, String what, String name, int nameColumn, List<Argument> arguments) {
    /** One argument; {@code column} is 1-based. */
    record Argument(Optional<String> name, double value, int column) {}

    static CallText parse(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException("no " + what + " given (null)");
        }
        return new Parser(text, what).call();
    }

    /** An error at a 1-based column (0 for the name), with the text and a caret under the column. */
    IllegalArgumentException error(int column, String message) {
        int at = column <= 0 ? nameColumn : column;
        return error(text, what, at, message);
    }

    static IllegalArgumentException error(String text, String what, int column, String message) {
        String shown = text.replaceAll("[\\p{Cntrl}]", " ");
        return new IllegalArgumentException(what + " '" + shown.strip() + "': column " + column + ": error: " + message
                + "\n" + shown + "\n" + " ".repeat(Math.max(0, column - 1)) + "^");
    }

    /**
     * The column of the argument that set parameter {@code name} of {@code names} (named, or by its position),
     * or 0 (the call's name) when it kept its default.
     */
    int columnOf(String name, List<String> names) {
        int position = names.indexOf(name);
        for (int i = 0; i < arguments.size(); i++) {
            Argument argument = arguments.get(i);
            if (argument.name().map(name::equals).orElse(i == position)) {
                return argument.column();
            }
        }
        return 0;
    }

    /**
     * The argument values for parameters {@code names} (in positional order), defaults where not given.
     *
     * @throws IllegalArgumentException for too many arguments, unknown or repeated names, a positional
     *     argument after a named one
     */
    double[] bind(List<String> names, double[] defaults) {
        double[] values = defaults.clone();
        boolean[] given = new boolean[names.size()];
        boolean named = false;
        for (int i = 0; i < arguments.size(); i++) {
            Argument argument = arguments.get(i);
            int index;
            if (argument.name().isPresent()) {
                named = true;
                String key = argument.name().get();
                index = names.indexOf(key);
                if (index < 0) {
                    throw error(argument.column(), "'" + name + "' has no argument '" + key + "'"
                            + Suggestions.didYouMean(key, names) + " (it takes " + String.join(", ", names) + ")");
                }
            } else {
                if (named) {
                    throw error(argument.column(), "a positional argument cannot follow a named one");
                }
                if (i >= names.size()) {
                    throw error(argument.column(), "'" + name + "' takes at most " + names.size() + " argument"
                            + (names.size() == 1 ? "" : "s") + " (" + String.join(", ", names) + ")");
                }
                index = i;
            }
            if (given[index]) {
                throw error(argument.column(), "'" + names.get(index) + "' is given twice");
            }
            given[index] = true;
            values[index] = argument.value();
        }
        return values;
    }

    /** A hand-written scanner: the syntax is four tokens deep, and errors need exact columns. */
    private static final class Parser {
        private final String text;
        private final String what;
        private int pos;

        Parser(String text, String what) {
            this.text = text;
            this.what = what;
        }

        CallText call() {
            skipSpace();
            // "a loss", "an optimizer"
            String expected = "expected the name of " + ("aeiou".indexOf(what.charAt(0)) >= 0 ? "an " : "a ") + what;
            if (pos == text.length()) {
                throw fail(expected);
            }
            int nameColumn = pos + 1;
            String name = identifier().orElseThrow(() -> fail(expected));
            List<Argument> arguments = new ArrayList<>();
            skipSpace();
            if (peek('(')) {
                pos++;
                skipSpace();
                if (!peek(')')) {
                    do {
                        skipSpace();
                        arguments.add(argument());
                        skipSpace();
                    } while (accept(','));
                }
                if (!accept(')')) {
                    throw fail(pos == text.length() ? "expected ')' to close the arguments" : "expected ',' or ')'");
                }
                skipSpace();
            }
            if (pos != text.length()) {
                throw fail("unexpected '" + text.charAt(pos) + "' after the " + what);
            }
            return new CallText(text, what, name, nameColumn, List.copyOf(arguments));
        }

        private Argument argument() {
            int column = pos + 1;
            int start = pos;
            Optional<String> key = identifier();
            if (key.isPresent()) {
                skipSpace();
                if (!accept('=')) {
                    pos = start;
                    throw fail("expected a number or name=number");
                }
                skipSpace();
            }
            return new Argument(key, number(), column);
        }

        private Optional<String> identifier() {
            int start = pos;
            if (pos < text.length() && (Character.isLetter(text.charAt(pos)) || text.charAt(pos) == '_')) {
                while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                    pos++;
                }
                return Optional.of(text.substring(start, pos));
            }
            return Optional.empty();
        }

        /** The language's NUMBER: an optional minus, digits with an optional fraction, an optional exponent. */
        private double number() {
            int start = pos;
            accept('-');
            int digits = digits();
            if (accept('.')) {
                digits += digits();
            }
            if (digits == 0) {
                pos = start;
                throw fail("expected a number");
            }
            if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
                pos++;
                if (!accept('-')) {
                    accept('+');
                }
                if (digits() == 0) {
                    throw fail("expected the digits of an exponent");
                }
            }
            String literal = text.substring(start, pos);
            double value = Double.parseDouble(literal);
            if (Double.isInfinite(value)) {
                pos = start;
                throw fail("the number " + literal + " is too large");
            }
            return value;
        }

        private int digits() {
            int start = pos;
            while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
                pos++;
            }
            return pos - start;
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private boolean accept(char c) {
            if (peek(c)) {
                pos++;
                return true;
            }
            return false;
        }

        private IllegalArgumentException fail(String message) {
            return error(text, what, pos + 1, message);
        }
    }
}
