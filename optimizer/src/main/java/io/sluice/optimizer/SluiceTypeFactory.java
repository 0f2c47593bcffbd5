package io.sluice.optimizer;

import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Calcite's type factory with every TIME and TIMESTAMP at millisecond precision, the precision
 * Sluice keeps them in. Without this, a literal such as {@code TIMESTAMP '2015-01-01 10:00:00'}
 * is TIMESTAMP(0), arithmetic on it keeps that type, and constant folding would round away the
 * milliseconds that the same expression keeps at run time.
 */
public final class SluiceTypeFactory extends JavaTypeFactoryImpl {
  public SluiceTypeFactory() {
    super(SluiceTypeSystem.INSTANCE);
  }

  @Override
  public RelDataType createSqlType(SqlTypeName typeName, int precision) {
    if (typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIME) {
      return super.createSqlType(typeName, 3);
    }
    return super.createSqlType(typeName, precision);
  }

  /**
   * Calcite's common type, except that a DECIMAL common to DECIMALs (and integers) keeps the largest
   * scale among them. Past 38 digits Calcite gave up the fraction: CASE, COALESCE or UNION of a
   * DECIMAL(10, 2) and a DECIMAL(38, 0) was DECIMAL(38, 0) and rounded 2.25 to 2, where PostgreSQL
   * keeps 2.25. Sluice keeps the scale and gives up integer digits instead: a value that then does
   * not fit is an error (22003), never a silent rounding.
   */
  @Override
  public RelDataType leastRestrictive(List<RelDataType> types) {
    RelDataType common = super.leastRestrictive(types);
    if (common == null || common.getSqlTypeName() != SqlTypeName.DECIMAL) {
      return common;
    }
    int scale = 0;
    int digits = 0;
    for (RelDataType type : types) {
      SqlTypeName name = type.getSqlTypeName();
      if (name == SqlTypeName.DECIMAL) {
        scale = Math.max(scale, type.getScale());
        digits = Math.max(digits, type.getPrecision() - type.getScale());
      } else if (SqlTypeName.INT_TYPES.contains(name)) {
        digits = Math.max(digits, type.getPrecision());
      } else if (name != SqlTypeName.NULL) {
        return common;
      }
    }
    if (common.getScale() >= scale) {
      return common;
    }
    int precision = Math.min(getTypeSystem().getMaxNumericPrecision(), digits + scale);
    return createTypeWithNullability(createSqlType(SqlTypeName.DECIMAL, precision, scale), common.isNullable());
  }
}
