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
     * split at underscores, hyphens and spaces, each part with its first letter upper-cased.
     */
    public static String fromFileName(String fileName) {
        String stem = fileName.toLowerCase(Locale.ROOT).endsWith(".net")
                ? fileName.substring(0, fileName.length() - 4) : fileName;
        StringBuilder name = new StringBuilder();
        for (String part : stem.split("[_\\-\\s]+")) {
            if (!part.isEmpty()) {
                name.appendCodePoint(Character.toUpperCase(part.codePointAt(0)))
                        .append(part.substring(Character.charCount(part.codePointAt(0))));
            }
        }
        return name.toString();
    }

    /** True when {@code name} can name a Java class: an identifier and not a keyword. */
    public static boolean isValid(String name) {
        return SourceVersion.isIdentifier(name) && !SourceVersion.isKeyword(name);
    }
}
