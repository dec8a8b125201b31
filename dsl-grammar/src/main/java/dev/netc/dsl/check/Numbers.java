package dev.netc.dsl.check;

import dev.netc.dsl.ast.NumberLiteral;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Reads number literals, reporting ones that are not whole where they must be, or out of range. */
final class Numbers {
    private Numbers() {}

    /** A layer width or input size: a whole number from 1 to {@link Integer#MAX_VALUE}. */
    static OptionalInt width(Problems problems, NumberLiteral literal, String what) {
        Optional<BigInteger> value = whole(problems, literal, what);
        if (value.isEmpty()) {
            return OptionalInt.empty();
        }
        if (value.get().signum() <= 0) {
            problems.error(literal.position(), what + " must be positive, got " + literal.text());
            return OptionalInt.empty();
        }
        if (value.get().compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
            problems.error(literal.position(), what + " " + shorten(literal.text()) + " is too large; at most "
                    + Integer.MAX_VALUE);
            return OptionalInt.empty();
        }
        return OptionalInt.of(value.get().intValue());
    }

    /** A seed: any whole number that fits a Java {@code long}. */
    static OptionalLong seed(Problems problems, NumberLiteral literal) {
        Optional<BigInteger> value = whole(problems, literal, "seed");
        if (value.isEmpty()) {
            return OptionalLong.empty();
        }
        if (value.get().bitLength() > 63) {
            problems.error(literal.position(), "seed " + shorten(literal.text()) + " is out of range; it must fit a"
                    + " 64-bit integer (" + Long.MIN_VALUE + " to " + Long.MAX_VALUE + ")");
            return OptionalLong.empty();
        }
        return OptionalLong.of(value.get().longValue());
    }

    /** An argument: any finite real number. */
    static Optional<Double> real(Problems problems, NumberLiteral literal) {
        double value = Double.parseDouble(literal.text());
        if (Double.isInfinite(value)) {
            problems.error(literal.position(), "number " + shorten(literal.text()) + " is out of range for a double");
            return Optional.empty();
        }
        return Optional.of(value);
    }

    private static Optional<BigInteger> whole(Problems problems, NumberLiteral literal, String what) {
        String text = literal.text();
        if (!text.matches("-?[0-9]+")) {
            problems.error(literal.position(), what + " must be a whole number, got " + shorten(text));
            return Optional.empty();
        }
        // Digits beyond what any check needs would only make BigInteger slow on hostile input.
        String digits = text.replaceFirst("^(-?)0+(?=[0-9])", "$1");
        if (digits.length() > 40) {
            digits = digits.substring(0, 40);
        }
        return Optional.of(new BigDecimal(digits).toBigInteger());
    }

    private static String shorten(String text) {
        return text.length() > 30 ? text.substring(0, 27) + "..." : text;
    }
}
