package io.sluice.optimizer;

import io.sluice.catalog.DataType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Sluice's type rules where they differ from Calcite's defaults: DECIMAL precision goes up to
 * 38 (as in DuckDB and Trino; up to 18 digits are unscaled longs, wider values 128 bits) and SUM
 * of DECIMAL(p, s) is DECIMAL(38, s); AVG, STDDEV and VARIANCE of any number are DOUBLE (as in
 * DuckDB) rather than the argument's type, which truncates averages of integers and overflows
 * the variance of small decimals; TIMESTAMP defaults to millisecond precision.
 */
public final class SluiceTypeSystem extends RelDataTypeSystemImpl {
  public static final SluiceTypeSystem INSTANCE = new SluiceTypeSystem();

  private SluiceTypeSystem() {}

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return DataType.MAX_DECIMAL_PRECISION;
    }
    if (typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIME) {
      return 3;
    }
    return super.getMaxPrecision(typeName);
  }

  @Override
  public int getDefaultPrecision(SqlTypeName typeName) {
    if (typeName == SqlTypeName.TIMESTAMP || typeName == SqlTypeName.TIME) {
      return 3;
    }
    return super.getDefaultPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return DataType.MAX_DECIMAL_PRECISION;
    }
    return super.getMaxScale(typeName);
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (SqlTypeUtil.isNumeric(argumentType)) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(typeFactory, argumentType);
  }

  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    // SUM of any integer type is BIGINT; of DECIMAL(p, s) the widest DECIMAL with scale s.
    switch (argumentType.getSqlTypeName()) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
      case DECIMAL:
        return typeFactory.createTypeWithNullability(
            typeFactory.createSqlType(SqlTypeName.DECIMAL, DataType.MAX_DECIMAL_PRECISION,
                argumentType.getScale()), argumentType.isNullable());
      default:
        return super.deriveSumType(typeFactory, argumentType);
    }
  }

  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }
}
