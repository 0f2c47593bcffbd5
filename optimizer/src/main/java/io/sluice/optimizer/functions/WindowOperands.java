package io.sluice.optimizer.functions;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlUtil;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.validate.SqlNameMatcher;
import org.apache.calcite.util.Static;

/** Operand checks shared by Sluice's window table functions. */
final class WindowOperands {
  private WindowOperands() {}

  /** The row type of the table argument (operand 0), or null when it is not a table. */
  static RelDataType tableType(SqlCallBinding binding) {
    RelDataType type = binding.getValidator().getValidatedNodeType(binding.operand(0));
    return type.isStruct() ? type : null;
  }

  static boolean isDescriptor(SqlNode operand) {
    return operand.getKind() == SqlKind.DESCRIPTOR;
  }

  /**
   * The columns {@code DESCRIPTOR(a, b)} names in {@code table}.
   *
   * @throws CalciteContextException positioned on a name the table does not have
   */
  static List<RelDataTypeField> columns(SqlCallBinding binding, SqlNode descriptor, RelDataType table) {
    SqlNameMatcher matcher = binding.getValidator().getCatalogReader().nameMatcher();
    List<SqlNode> names = ((SqlCall) descriptor).getOperandList();
    RelDataTypeField[] fields = new RelDataTypeField[names.size()];
    for (int i = 0; i < fields.length; i++) {
      String name = ((SqlIdentifier) names.get(i)).getSimple();
      fields[i] = matcher.field(table, name);
      if (fields[i] == null) {
        throw SqlUtil.newContextException(names.get(i).getParserPosition(), Static.RESOURCE.columnNotFound(name));
      }
    }
    return List.of(fields);
  }

  /** Whether {@code DESCRIPTOR(ts)} names exactly one TIMESTAMP column of {@code table}. */
  static boolean isTimeDescriptor(SqlCallBinding binding, SqlNode descriptor, RelDataType table) {
    if (!isDescriptor(descriptor) || ((SqlCall) descriptor).operandCount() != 1) {
      return false;
    }
    RelDataType type = columns(binding, descriptor, table).get(0).getType();
    return type.getSqlTypeName() == SqlTypeName.TIMESTAMP;
  }

  static boolean isInterval(SqlCallBinding binding, int ordinal) {
    return SqlTypeUtil.isInterval(binding.getOperandType(ordinal));
  }

  /**
   * The length of a day-time interval literal in milliseconds, or null when the operand is an
   * expression (the physical planner checks it once constants are folded).
   *
   * @throws CalciteContextException positioned on a year-month interval: months have no fixed length
   */
  static Long literalMillis(SqlNode operand, String function) {
    if (!(operand instanceof SqlIntervalLiteral)) {
      return null;
    }
    SqlIntervalLiteral literal = (SqlIntervalLiteral) operand;
    SqlIntervalLiteral.IntervalValue value = literal.getValueAs(SqlIntervalLiteral.IntervalValue.class);
    if (value.getIntervalQualifier().isYearMonth()) {
      throw ArgumentException.at(operand, io.sluice.catalog.ErrorCode.UNSUPPORTED,
          function + " takes day-time intervals, not months or years: " + operand);
    }
    return literal.getValueAs(Long.class);
  }
}
