package io.lightwire.firmware.config;

import java.util.Collection;
import java.util.Optional;

/**
 * The closest known name to a mistyped one, for "did you mean" hints: by edit distance (insertions,
 * deletions, substitutions and swaps of neighbours, case ignored), or a known name whose last
 * dotted part is the typed one ({@code port} for {@code server.port}).
 */
public final class DidYouMean {

  private DidYouMean() {}

  /**
   * The candidate closest to {@code typed}, when it is close enough to be a typo: at most 2 edits,
   * and fewer than half of the typed name's characters.
   */
  public static Optional<String> closest(String typed, Collection<String> candidates) {
    String wanted = typed.toLowerCase(java.util.Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      String known = candidate.toLowerCase(java.util.Locale.ROOT);
      if (known.endsWith("." + wanted) || known.endsWith("_" + wanted)) {
        return Optional.of(candidate);
      }
      int distance = distance(wanted, known);
      if (distance < bestDistance) {
        bestDistance = distance;
        best = candidate;
      }
    }
    return bestDistance <= 2 && bestDistance * 2 < wanted.length()
        ? Optional.of(best)
        : Optional.empty();
  }

  /** Optimal string alignment distance: Levenshtein plus swapping two neighbouring characters. */
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
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
