package dev.netc.dsl.parser;

import dev.netc.dsl.diag.Excerpt;
import dev.netc.runtime.Suggestions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.InputMismatchException;
import org.antlr.v4.runtime.NoViableAltException;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * ANTLR's recovery (so that every syntax error of a file is found in one pass), with messages
 * written for people: {@code expected ';' after 'relu'} placed right after the last good token,
 * {@code unknown statement 'dens'; did you mean 'dense'?}, instead of ANTLR's token-set dumps.
 */
final class SyntaxErrorStrategy extends DefaultErrorStrategy {
    private static final List<String> STATEMENT_KEYWORDS =
            List.of("network", "input", "precision", "seed", "weights", "dense", "dropout");

    /**
     * Never recovers by dropping a ';': it ends a statement, so taking the next statement's first
     * word as the missing value (as in {@code name=; dense ...}) would only cascade into more errors.
     */
    @Override
    protected Token singleTokenDeletion(Parser parser) {
        return parser.getCurrentToken().getType() == NetParser.SEMI ? null : super.singleTokenDeletion(parser);
    }

    @Override
    protected void reportNoViableAlternative(Parser parser, NoViableAltException e) {
        report(parser, e.getOffendingToken(), parser.getExpectedTokens(), e);
    }

    @Override
    protected void reportInputMismatch(Parser parser, InputMismatchException e) {
        report(parser, e.getOffendingToken(), e.getExpectedTokens(), e);
    }

    @Override
    protected void reportUnwantedToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser), null);
    }

    @Override
    protected void reportMissingToken(Parser parser) {
        if (inErrorRecoveryMode(parser)) {
            return;
        }
        beginErrorCondition(parser);
        report(parser, parser.getCurrentToken(), getExpectedTokens(parser), null);
    }

    private void report(Parser parser, Token offending, IntervalSet expected, RecognitionException e) {
        Token previous = previousToken(parser, offending);
        String message;
        Token at = offending;
        Token misspeltKeyword = misspeltStatementKeyword(parser, offending, previous);
        if (isLexicalError(offending)) {
            message = lexicalErrorMessage(offending);
        } else if (misspeltKeyword != null) {
            at = misspeltKeyword;
            message = "unknown statement '" + misspeltKeyword.getText() + "'"
                    + Suggestions.didYouMean(misspeltKeyword.getText(), STATEMENT_KEYWORDS);
        } else if (isBareNameArgument(parser, offending, previous, expected)) {
            // leaky_relu(nan): the name was read as the start of 'name=value'; a number was meant.
            at = previous;
            message = notANumber(previous);
        } else if (offending.getType() == NetParser.IDENTIFIER && expected.contains(NetParser.NUMBER)
                && isNonFinite(offending.getText())) {
            message = notANumber(offending);
        } else if (expected.contains(NetParser.SEMI) && previous != null && endsStatementEarly(offending, previous)) {
            at = endOf(previous);
            message = "expected ';' after " + describe(previous);
        } else {
            message = "unexpected " + describe(offending) + "; expected " + describe(parser, expected);
        }
        parser.notifyErrorListeners(at, message, e);
    }

    /**
     * An argument that is a name alone, as in {@code leaky_relu(nan)} or {@code normal(x, 1)}: the
     * parser took it for the start of {@code name=value} and now misses the {@code '='}.
     */
    private static boolean isBareNameArgument(Parser parser, Token offending, Token previous, IntervalSet expected) {
        return parser.getContext() instanceof NetParser.ArgumentContext && expected.contains(NetParser.ASSIGN)
                && previous != null && previous.getType() == NetParser.IDENTIFIER
                && (offending.getType() == NetParser.RPAREN || offending.getType() == NetParser.COMMA);
    }

    private static boolean isNonFinite(String word) {
        return switch (word.toLowerCase(java.util.Locale.ROOT)) {
            case "nan", "inf", "infinity" -> true;
            default -> false;
        };
    }

    /** {@code expected a number, not 'nan' (...)} for a name where a number belongs. */
    private static String notANumber(Token name) {
        String text = name.getText();
        return "expected a number, not " + describe(name) + (isNonFinite(text)
                ? " (NaN and infinity are not allowed)"
                : " (a named argument is written " + Excerpt.shorten(text) + "=NUMBER)");
    }

    /** A token that sits on a later line, or starts a new statement, most likely follows a forgotten ';'. */
    private static boolean endsStatementEarly(Token offending, Token previous) {
        return offending.getType() == Token.EOF
                || offending.getLine() > previous.getLine()
                || isStatementKeyword(offending.getType());
    }

    /**
     * {@code dens 4 -> 4;} parses as the activation statement {@code dens} followed by junk; when the
     * word before the junk opens the statement and is close to a keyword, that is the real mistake.
     */
    private static Token misspeltStatementKeyword(Parser parser, Token offending, Token previous) {
        if (previous == null || previous.getType() != NetParser.IDENTIFIER || offending.getType() == NetParser.SEMI
                || offending.getType() == NetParser.LPAREN) {
            return null;
        }
        Token beforePrevious = previousToken(parser, previous);
        boolean opensStatement = beforePrevious == null || beforePrevious.getType() == NetParser.SEMI;
        return opensStatement && Suggestions.closest(previous.getText(), STATEMENT_KEYWORDS).isPresent() ? previous : null;
    }

    private static boolean isStatementKeyword(int type) {
        return type == NetParser.NETWORK || type == NetParser.INPUT || type == NetParser.PRECISION
                || type == NetParser.SEED || type == NetParser.WEIGHTS || type == NetParser.DENSE
                || type == NetParser.DROPOUT;
    }

    private static boolean isLexicalError(Token token) {
        int type = token.getType();
        return type == NetParser.UNEXPECTED_CHARACTER || type == NetParser.UNTERMINATED_STRING
                || type == NetParser.UNTERMINATED_COMMENT;
    }

    private static String lexicalErrorMessage(Token token) {
        return switch (token.getType()) {
            case NetParser.UNTERMINATED_STRING -> "unterminated string; a file name ends with '\"' on the same line";
            case NetParser.UNTERMINATED_COMMENT -> "unterminated comment; '/*' needs a closing '*/'";
            default -> "unexpected character " + quoteCharacter(token.getText());
        };
    }

    private static String quoteCharacter(String text) {
        int cp = text.codePointAt(0);
        int type = Character.getType(cp);
        // Invisible, reordering or combining characters (NUL, U+202E, a lone surrogate, an accent
        // without its letter) would print as nothing or garble the message; they get their code.
        if (!Excerpt.isVisible(cp) || Character.isWhitespace(cp) || Character.isSpaceChar(cp)
                || type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK
                || type == Character.COMBINING_SPACING_MARK) {
            return String.format("U+%04X", cp);
        }
        return "'" + text + "'";
    }

    /** The last token on the default channel before {@code token}, or null at the start of the file. */
    private static Token previousToken(Parser parser, Token token) {
        for (int i = token.getTokenIndex() - 1; i >= 0; i--) {
            Token t = parser.getTokenStream().get(i);
            if (t.getChannel() == Token.DEFAULT_CHANNEL) {
                return t;
            }
        }
        return null;
    }

    /** A position just after {@code token}, where a missing token belongs. */
    private static Token endOf(Token token) {
        CommonToken at = new CommonToken(token);
        String text = token.getText();
        int lastBreak = text.lastIndexOf('\n');
        if (lastBreak >= 0) {
            at.setLine(token.getLine() + (int) text.chars().filter(c -> c == '\n').count());
            at.setCharPositionInLine(text.codePointCount(lastBreak + 1, text.length()));
        } else {
            at.setCharPositionInLine(token.getCharPositionInLine() + text.codePointCount(0, text.length()));
        }
        return at;
    }

    static String describe(Token token) {
        if (token.getType() == Token.EOF) {
            return "end of file";
        }
        return "'" + Excerpt.shorten(token.getText()) + "'";
    }

    private static String describe(Parser parser, IntervalSet expected) {
        if (parser.getContext() instanceof NetParser.NetworkContext
                || parser.getContext() instanceof NetParser.StatementContext) {
            return "a statement (a directive, 'dense', 'dropout' or an activation)";
        }
        List<String> names = new ArrayList<>();
        for (int type : expected.toList()) {
            // Keywords are names too where a name may stand; listing them would only confuse.
            if (!(isStatementKeyword(type) && expected.contains(NetParser.IDENTIFIER))) {
                names.add(describeType(type));
            }
        }
        names = names.stream().distinct().collect(Collectors.toList());
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    private static String describeType(int type) {
        return switch (type) {
            case Token.EOF -> "end of file";
            case NetParser.NUMBER -> "a number";
            case NetParser.IDENTIFIER -> "a name";
            case NetParser.STRING -> "a quoted file name";
            default -> NetParser.VOCABULARY.getLiteralName(type) != null
                    ? NetParser.VOCABULARY.getLiteralName(type)
                    : NetParser.VOCABULARY.getDisplayName(type);
        };
    }
}
