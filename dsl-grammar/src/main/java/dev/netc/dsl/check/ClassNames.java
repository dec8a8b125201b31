package dev.netc.dsl.check;

import java.util.Locale;
import javax.lang.model.SourceVersion;

/**
 * The class name a network gets from its file name, and what makes a class name usable.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class ClassNames {
    private ClassNames() {}

    /**
     * {@code iris_classifier.net} becomes {@code IrisClassifier}: the name without its extension,
     * split at underscores, hyphens and spaces, each part with its first letter upper-cased. A part
     * in capitals is a word too ({@code UPPER_CASE.net} becomes {@code UpperCase}, {@code iris_MLP.net}
     * {@code IrisMlp}); a part that mixes cases keeps them ({@code alreadyCamel.net}: {@code AlreadyCamel}).
     */
    public static String fromFileName(String fileName) {
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".net")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        StringBuilder name = new StringBuilder();
        for (String part : stem.split("[_\\-\\s]+")) {
            name.append(capitalize(part));
        }
        return name.toString();
    }

    /** {@code iris} and {@code IRIS} -> {@code Iris}; {@code xorNet} -> {@code XorNet}. */
    public static String capitalize(String part) {
        if (part.isEmpty()) {
            return part;
        }
        int first = part.codePointAt(0);
        String rest = part.substring(Character.charCount(first));
        if (part.codePoints().noneMatch(Character::isLowerCase)) {
            rest = rest.toLowerCase(Locale.ROOT);
        }
        return new StringBuilder().appendCodePoint(Character.toUpperCase(first)).append(rest).toString();
    }

    /**
     * Identifiers Java does not accept as a class's name, though they are not keywords: {@code var} (Java
     * 10), {@code yield} (14), {@code record} (16), {@code sealed} and {@code permits} (17).
     */
    private static final java.util.Set<String> RESTRICTED = java.util.Set.of("var", "yield", "record", "sealed",
            "permits");

    /** True when {@code name} can name a Java class: an identifier, not a keyword nor a restricted identifier. */
    public static boolean isValid(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name) && !isRestricted(name);
    }

    /** True for {@code var}, {@code yield}, {@code record}, {@code sealed} and {@code permits}. */
    public static boolean isRestricted(String name) {
        return RESTRICTED.contains(name);
    }
}
