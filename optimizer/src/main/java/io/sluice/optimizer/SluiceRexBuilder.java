package io.sluice.optimizer;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlCollation;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.util.NlsString;

/**
 * Calcite's {@link RexBuilder} whose string literals compare by code point while planning (see
 * {@link CodePointCollation}), so that what the planner folds or merges agrees with what generated
 * code computes over rows. Every literal Calcite makes passes through
 * {@link #makeLiteral(Comparable, RelDataType, SqlTypeName)}.
 */
final class SluiceRexBuilder extends RexBuilder {
  SluiceRexBuilder(RelDataTypeFactory typeFactory) {
    super(typeFactory);
  }

  @Override
  protected RexLiteral makeLiteral(Comparable value, RelDataType type, SqlTypeName typeName) {
    if (value instanceof NlsString && ((NlsString) value).getValueBytes() == null) {
      NlsString text = (NlsString) value;
      // Calcite rebuilds a literal's text with its type's charset and collation when they differ,
      // so the code-point form takes those of the type (no collation means the default's coercible form)
      SqlCollation standing = type.getCollation() != null ? type.getCollation()
          : text.getCollation() != null ? text.getCollation() : SqlCollation.COERCIBLE;
      String charset = type.getCharset() != null ? type.getCharset().name() : text.getCharsetName();
      SqlCollation collation = CodePointCollation.of(standing);
      if (collation != text.getCollation() || !java.util.Objects.equals(charset, text.getCharsetName())) {
        value = new NlsString(text.getValue(), charset, collation);
      }
    }
    return super.makeLiteral(value, type, typeName);
  }
}
