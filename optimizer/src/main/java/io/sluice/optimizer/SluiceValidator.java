package io.sluice.optimizer;

import java.math.BigDecimal;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidatorCatalogReader;
import org.apache.calcite.sql.validate.SqlValidatorImpl;

/**
 * Calcite's validator with one change: a whole-number literal that fits in a BIGINT is valid
 * even when it has more digits than DECIMAL allows. Calcite types such a literal BIGINT but
 * checks it against the DECIMAL precision, which for Sluice (18) rejects the largest BIGINTs.
 */
final class SluiceValidator extends SqlValidatorImpl {
  SluiceValidator(SqlOperatorTable operatorTable, SqlValidatorCatalogReader catalogReader,
      RelDataTypeFactory typeFactory, Config config) {
    super(operatorTable, catalogReader, typeFactory, config);
  }

  @Override
  public void validateLiteral(SqlLiteral literal) {
    if (literal.getTypeName() == SqlTypeName.DECIMAL) {
      BigDecimal value = literal.getValueAs(BigDecimal.class);
      if (value.scale() <= 0 && value.unscaledValue().bitLength() < 64) {
        return;
      }
    }
    super.validateLiteral(literal);
  }
}
