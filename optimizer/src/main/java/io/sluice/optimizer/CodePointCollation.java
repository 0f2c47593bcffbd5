package io.sluice.optimizer;

import java.text.CollationKey;
import java.text.Collator;
import org.apache.calcite.sql.SqlCollation;

/**
 * The order Sluice compares text in at run time (UTF-8 bytes, which is code point order), for
 * Calcite too. Without a collator Calcite compares literals with {@link String#compareTo}, which
 * orders by UTF-16 units and puts '～' (U+FF5E) after '😀' (U+1F600): constant folding and range
 * simplification then disagreed with the same comparison run over rows.
 */
final class CodePointCollation extends SqlCollation {
  private static final long serialVersionUID = 1L;
  private static final Collator CODE_POINTS = new CodePointCollator();

  private CodePointCollation(SqlCollation collation) {
    super(collation.getCollationName(), collation.getCoercibility());
  }

  /** {@code collation} comparing by code points. */
  static SqlCollation of(SqlCollation collation) {
    return collation == null || collation instanceof CodePointCollation ? collation : new CodePointCollation(collation);
  }

  @Override
  public Collator getCollator() {
    return CODE_POINTS;
  }

  /** Compares strings code point by code point. */
  private static final class CodePointCollator extends Collator {
    @Override
    public int compare(String a, String b) {
      int i = 0;
      int j = 0;
      while (i < a.length() && j < b.length()) {
        int x = a.codePointAt(i);
        int y = b.codePointAt(j);
        if (x != y) {
          return Integer.compare(x, y);
        }
        i += Character.charCount(x);
        j += Character.charCount(y);
      }
      return Integer.compare(a.length() - i, b.length() - j);
    }

    @Override
    public CollationKey getCollationKey(String source) {
      return new CollationKey(source) {
        @Override
        public int compareTo(CollationKey target) {
          return CODE_POINTS.compare(getSourceString(), target.getSourceString());
        }

        @Override
        public byte[] toByteArray() {
          return getSourceString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        }
      };
    }

    @Override
    public int hashCode() {
      return CodePointCollator.class.hashCode();
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof CodePointCollator;
    }
  }
}
