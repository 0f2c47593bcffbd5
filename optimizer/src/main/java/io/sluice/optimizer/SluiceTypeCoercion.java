package io.sluice.optimizer;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlAggFunction;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.implicit.TypeCoercionImpl;

/**
 * Calcite's implicit casts, less one: text is not cast to a number to fit a numeric aggregate.
 * {@code SUM(name)} is a mistake in the query, so it is refused when the query is checked, as
 * PostgreSQL and DuckDB do, instead of failing on the first row that is not a number.
 */
final class SluiceTypeCoercion extends TypeCoercionImpl {
  SluiceTypeCoercion(RelDataTypeFactory typeFactory, SqlValidator validator) {
    super(typeFactory, validator);
  }

  @Override
  public boolean builtinFunctionCoercion(SqlCallBinding binding, List<RelDataType> operandTypes,
      List<SqlTypeFamily> expectedFamilies) {
    if (binding.getOperator() instanceof SqlAggFunction) {
      for (int i = 0; i < Math.min(operandTypes.size(), expectedFamilies.size()); i++) {
        SqlTypeFamily expected = expectedFamilies.get(i);
        if (SqlTypeUtil.isCharacter(operandTypes.get(i))
            && (expected == SqlTypeFamily.NUMERIC || expected == SqlTypeFamily.INTEGER
                || expected == SqlTypeFamily.EXACT_NUMERIC || expected == SqlTypeFamily.APPROXIMATE_NUMERIC)) {
          return false;
        }
      }
    }
    return super.builtinFunctionCoercion(binding, operandTypes, expectedFamilies);
  }
}
