package io.sluice.optimizer;

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
}
