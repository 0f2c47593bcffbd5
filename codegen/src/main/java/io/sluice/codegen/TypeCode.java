package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.optimizer.analysis.TypeMapping;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.type.SqlTypeName;

/** How Sluice types appear in generated Java: primitive types, vector classes, zero values, conversions. */
final class TypeCode {
  private TypeCode() {}

  static SluiceException unsupported(String what) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "Function " + what + " is not supported yet");
  }

  static DataType typeOf(RelDataType type) {
    if (type.getSqlTypeName() == SqlTypeName.SYMBOL) {
      return DataType.of(TypeKind.NULL);
    }
    try {
      return TypeMapping.toDataType(type);
    } catch (SluiceException e) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Type " + type.getFullTypeString() + " is not supported yet");
    }
  }

  static String javaType(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "boolean";
      case DOUBLE:
        return "double";
      default:
        return "long";
    }
  }

  static String zero(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "false";
      case DOUBLE:
        return "0.0";
      default:
        return "0L";
    }
  }

  static String vectorClass(DataType t) {
    switch (t.physical()) {
      case BOOLEAN:
        return "BooleanVector";
      case DOUBLE:
        return "DoubleVector";
      case BYTES:
        return "BytesVector";
      default:
        return "LongVector";
    }
  }

  /** A numeric value as a double expression. */
  static String asDouble(Val v) {
    switch (v.kind()) {
      case DOUBLE:
      case REAL:
        return v.value;
      case DECIMAL:
        if (v.type.isWideDecimal()) {
          return "WideDecimals.toDouble(" + WideDecimalGenerator.halves(v) + ", " + v.type.scale() + ")";
        }
        return "Decimals.toDouble(" + v.value + ", " + v.type.scale() + ")";
      default:
        return "((double) " + v.value + ")";
    }
  }

  /** An integer expression checked against the range of a narrower integer type. */
  static String checkIntegral(TypeKind k, String expression) {
    switch (k) {
      case INTEGER:
        return "Arith.checkInt(" + expression + ")";
      case SMALLINT:
        return "Arith.checkSmallint(" + expression + ")";
      case TINYINT:
        return "Arith.checkTinyint(" + expression + ")";
      default:
        return expression;
    }
  }

  static int scaleOf(Val v) {
    return v.kind() == TypeKind.DECIMAL ? v.type.scale() : 0;
  }

  static int scaleOfType(DataType t) {
    return t.kind() == TypeKind.DECIMAL ? t.scale() : 0;
  }

  static boolean isInterval(TypeKind k) {
    return k == TypeKind.INTERVAL_DAY_TIME || k == TypeKind.INTERVAL_YEAR_MONTH;
  }

  static boolean isDatetime(TypeKind k) {
    return k == TypeKind.DATE || k == TypeKind.TIME || k == TypeKind.TIMESTAMP;
  }

  static boolean isFloating(TypeKind k) {
    return k == TypeKind.DOUBLE || k == TypeKind.REAL;
  }
}
