package io.sluice.catalog.data;

import java.util.Comparator;

/**
 * The order of text everywhere in Sluice: by Unicode code point, which is the order of its UTF-8
 * bytes compared unsigned (how generated code compares rows, and how Parquet orders string
 * statistics). Java's {@link String#compareTo} compares UTF-16 units instead, and the two differ
 * for U+E000..U+FFFF against supplementary characters ('～' U+FF5E sorts before '😀' U+1F600 by
 * code point, after it in UTF-16), so anything that compares Java strings while planning (constant
 * folding, range sets, statistics) must use this order to agree with the rows.
 */
public final class CodePointOrder {
  /** Compares by code point; no object is made per comparison. */
  public static final Comparator<CharSequence> COMPARATOR = CodePointOrder::compare;

  private CodePointOrder() {}

  /** Negative, zero or positive as {@code a} sorts before, with or after {@code b} by code point. */
  public static int compare(CharSequence a, CharSequence b) {
    int length = Math.min(a.length(), b.length());
    for (int i = 0; i < length; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        // Surrogates (D800..DFFF) stand for code points above FFFF: lift them above every other unit.
        return lift(x) - lift(y);
      }
    }
    return a.length() - b.length();
  }

  private static int lift(char c) {
    return Character.isSurrogate(c) ? c + 0x10000 : c;
  }
}
