package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * {@code SESSION(TABLE t [PARTITION BY k, ...], DESCRIPTOR(ts), gap)}, and Calcite's spelling
 * {@code SESSION(TABLE t, DESCRIPTOR(ts), DESCRIPTOR(k, ...), gap)}: per key, rows closer than
 * {@code gap} in time belong to one session, from its first row's time to its last row's time
 * plus the gap. Replaces Calcite's SESSION to check the gap where it is written; the
 * PARTITION BY form is rewritten to the key descriptor before validation ({@link
 * SessionPartitions}).
 */
public final class SessionTableFunction extends SqlWindowTableFunction {
  public SessionTableFunction() {
    super("SESSION", new Operands());
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return WindowTime.rowType(super.getRowTypeInference());
  }

  private static final class Operands extends NamedWindowOperands {
    Operands() {
      super(List.of("DATA", "TIMECOL", "KEY", "SIZE"), 2);
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      RelDataType table = WindowOperands.tableType(binding);
      int count = binding.getOperandCount();
      boolean typesOk = table != null && WindowOperands.isTimeDescriptor(binding, binding.operand(1), table)
          && WindowOperands.isInterval(binding, count - 1);
      if (typesOk && count == 4) {
        typesOk = WindowOperands.isDescriptor(binding.operand(2));
        if (typesOk) {
          WindowOperands.columns(binding, binding.operand(2), table);
        }
      }
      if (!typesOk) {
        return wrongTypes(binding, throwOnFailure);
      }
      Long gap = WindowOperands.literalMillis(binding.operand(count - 1), "SESSION");
      if (gap != null && gap <= 0) {
        throw ArgumentException.at(binding.operand(count - 1), ErrorCode.INVALID_ARGUMENT,
            "SESSION needs a positive gap, not " + binding.operand(count - 1));
      }
      return true;
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return opName + "(TABLE table_name [PARTITION BY key | PARTITION BY (key, ...)], DESCRIPTOR(timecol),"
          + " datetime interval gap), "
          + opName + "(TABLE table_name, DESCRIPTOR(timecol), DESCRIPTOR(key, ...), datetime interval gap)";
    }
  }
}
