package dev.netc.runtime;

import java.util.Collection;
import java.util.Optional;

/**
 * "Did you mean" for misspelt names (of activations, initializers, options, losses, optimizers): the closest known name within a small edit distance.
 *
 * <p>Thread-safe: static functions without state.
 */
public final class Suggestions {
    /** Longer words are no typo of a short name; skipping them keeps the quadratic distance cheap. */
    private static final int MAX_WORD = 64;

    private Suggestions() {}

    /** The candidate closest to {@code word}, if one is close enough to be a plausible typo. */
    public static Optional<String> closest(String word, Collection<String> candidates) {
        if (word.length() > MAX_WORD) {
            return Optional.empty();
        }
        String lower = word.toLowerCase(java.util.Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = distance(lower, candidate);
            if (distance < bestDistance
                    || (distance == bestDistance && characterGap(lower, candidate) < characterGap(lower, best))) {
                best = candidate;
                bestDistance = distance;
            }
        }
        int allowed = Math.max(1, Math.min(3, word.length() / 3));
        return best != null && bestDistance <= allowed && !best.equals(word) ? Optional.of(best) : Optional.empty();
    }

    /** {@code "; did you mean 'x'?"} or nothing. */
    public static String didYouMean(String word, Collection<String> candidates) {
        return closest(word, candidates).map(s -> "; did you mean '" + s + "'?").orElse("");
    }

    /**
     * Between equally close candidates of the word's length, the one whose differing characters are
     * nearest in code: {@code l3} is read as {@code l2} rather than {@code l1}. Other lengths tie as
     * before, the first candidate winning.
     */
    private static int characterGap(String word, String candidate) {
        if (candidate == null || candidate.length() != word.length()) {
            return Integer.MAX_VALUE;
        }
        int gap = 0;
        for (int i = 0; i < word.length(); i++) {
            gap += Math.abs(word.charAt(i) - candidate.charAt(i));
        }
        return gap;
    }

    /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
