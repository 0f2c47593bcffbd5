package io.sluice.optimizer;

import io.sluice.catalog.data.CodePointOrder;
import java.nio.charset.StandardCharsets;
import java.text.CollationKey;
import java.text.Collator;
import org.apache.calcite.sql.SqlCollation;

/**
 * Calcite's default collation with one change: it compares by code point, as Sluice's rows do.
 * Calcite compares string constants while planning ({@code NlsString.compareTo}: RexSimplify's
 * folding of {@code '～' < '😀'}, the range sets of {@code Sarg}s) with the collation's collator,
 * and without one by UTF-16 unit, which orders U+E000..U+FFFF after supplementary characters where
 * generated code orders them before. Equal to the collation it stands for (Calcite compares
 * collations by name), so types and digests do not change.
 */
final class CodePointCollation extends SqlCollation {
  private static final long serialVersionUID = 1L;

  private static final SqlCollation IMPLICIT_BY_CODE_POINT = new CodePointCollation(Coercibility.IMPLICIT);
  private static final SqlCollation COERCIBLE_BY_CODE_POINT = new CodePointCollation(Coercibility.COERCIBLE);

  private CodePointCollation(Coercibility coercibility) {
    super(coercibility);
  }

  /**
   * The code-point form of {@code collation} when it is Calcite's default (by name) with the same
   * coercibility; any other collation as it is.
   */
  static SqlCollation of(SqlCollation collation) {
    if (collation == null || collation instanceof CodePointCollation) {
      return collation;
    }
    if (collation.equals(SqlCollation.IMPLICIT)) {
      return collation.getCoercibility() == Coercibility.COERCIBLE ? COERCIBLE_BY_CODE_POINT
          : collation.getCoercibility() == Coercibility.IMPLICIT ? IMPLICIT_BY_CODE_POINT : collation;
    }
    return collation;
  }

  @Override
  public Collator getCollator() {
    return CodePointCollator.INSTANCE;
  }

  /** A {@link Collator} that orders by code point; keys are the UTF-8 bytes, which sort alike. */
  private static final class CodePointCollator extends Collator {
    static final CodePointCollator INSTANCE = new CodePointCollator();

    @Override
    public int compare(String source, String target) {
      return CodePointOrder.compare(source, target);
    }

    @Override
    public CollationKey getCollationKey(String source) {
      return new Utf8Key(source);
    }

    @Override
    public int hashCode() {
      return CodePointCollator.class.hashCode();
    }

    @Override
    public boolean equals(Object that) {
      return that instanceof CodePointCollator;
    }
  }

  private static final class Utf8Key extends CollationKey {
    Utf8Key(String source) {
      super(source);
    }

    @Override
    public int compareTo(CollationKey target) {
      return CodePointOrder.compare(getSourceString(), target.getSourceString());
    }

    @Override
    public byte[] toByteArray() {
      return getSourceString().getBytes(StandardCharsets.UTF_8);
    }
  }
}
