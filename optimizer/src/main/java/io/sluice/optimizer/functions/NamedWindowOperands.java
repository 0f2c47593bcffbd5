package io.sluice.optimizer.functions;

import java.util.Collections;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperandCountRange;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlOperandMetadata;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * The operands of a window table function by name, of which one may be left out; each function
 * checks their types and values itself ({@link #checkOperandTypes}).
 */
abstract class NamedWindowOperands implements SqlOperandMetadata {
  private final List<String> names;
  private final int optional;

  /** {@code optional}: the index of the operand that may be left out. */
  NamedWindowOperands(List<String> names, int optional) {
    this.names = List.copyOf(names);
    this.optional = optional;
  }

  @Override
  public List<RelDataType> paramTypes(RelDataTypeFactory typeFactory) {
    return Collections.nCopies(names.size(), typeFactory.createSqlType(SqlTypeName.ANY));
  }

  @Override
  public List<String> paramNames() {
    return names;
  }

  @Override
  public SqlOperandCountRange getOperandCountRange() {
    return SqlOperandCountRanges.between(names.size() - 1, names.size());
  }

  @Override
  public boolean isOptional(int i) {
    return i == optional;
  }

  /** The operands' types are wrong: an error, or false when the caller only asks. */
  static boolean wrongTypes(SqlCallBinding binding, boolean throwOnFailure) {
    if (throwOnFailure) {
      throw binding.newValidationSignatureError();
    }
    return false;
  }
}
