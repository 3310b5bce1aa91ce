package dev.argyle.server.config;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Finds the valid key a misspelt one most likely meant, for "did you mean" hints in unknown-key errors. */
final class KeySuggestion {
    private KeySuggestion() {
    }

    static Optional<String> closest(String wrong, List<String> valid) {
        String w = normal(wrong);
        String best = null;
        int bestDistance = 3; // more than two edits away is a different word, not a typo
        for (String candidate : valid) {
            int d = distance(w, normal(candidate));
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** allowOpen, allow_open and Allow-Open all mean allow-open. */
    private static String normal(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
