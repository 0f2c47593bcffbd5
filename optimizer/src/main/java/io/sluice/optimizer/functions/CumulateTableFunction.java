package io.sluice.optimizer.functions;

import io.sluice.catalog.ErrorCode;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlCallBinding;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * {@code CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset])}: windows that all start at
 * the same size-aligned instant and grow by {@code step} until they are {@code size} long, so a
 * row falls in every window of its cycle that ends after it. Calcite has no CUMULATE; the
 * output columns are the input's plus {@code window_start}, {@code window_end} and {@code window_time}, as for
 * TUMBLE and HOP.
 *
 * <p>Besides the operand types, validation checks constant intervals: positive, and
 * {@code size} a whole multiple of {@code step}.
 */
public final class CumulateTableFunction extends SqlWindowTableFunction {
  public CumulateTableFunction() {
    super("CUMULATE", new Operands());
  }

  @Override
  public SqlReturnTypeInference getRowTypeInference() {
    return WindowTime.rowType(super.getRowTypeInference());
  }

  private static final class Operands extends NamedWindowOperands {
    Operands() {
      super(List.of("DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"), 4);
    }

    @Override
    public boolean checkOperandTypes(SqlCallBinding binding, boolean throwOnFailure) {
      RelDataType table = WindowOperands.tableType(binding);
      boolean typesOk = table != null && WindowOperands.isTimeDescriptor(binding, binding.operand(1), table);
      for (int i = 2; i < binding.getOperandCount(); i++) {
        typesOk &= WindowOperands.isInterval(binding, i);
      }
      if (!typesOk) {
        return wrongTypes(binding, throwOnFailure);
      }
      Long step = WindowOperands.literalMillis(binding.operand(2), "CUMULATE");
      Long size = WindowOperands.literalMillis(binding.operand(3), "CUMULATE");
      if (binding.getOperandCount() > 4) {
        WindowOperands.literalMillis(binding.operand(4), "CUMULATE");
      }
      if (step != null && step <= 0) {
        throw ArgumentException.at(binding.operand(2), ErrorCode.INVALID_ARGUMENT,
            "CUMULATE needs a positive step, not " + binding.operand(2));
      }
      if (size != null && size <= 0) {
        throw ArgumentException.at(binding.operand(3), ErrorCode.INVALID_ARGUMENT,
            "CUMULATE needs a positive size, not " + binding.operand(3));
      }
      if (step != null && size != null && size % step != 0) {
        throw ArgumentException.at(binding.operand(3), ErrorCode.INVALID_ARGUMENT,
            "CUMULATE's size (" + size + " ms) must be a whole multiple of its step (" + step + " ms)");
      }
      return true;
    }

    @Override
    public String getAllowedSignatures(SqlOperator op, String opName) {
      return opName + "(TABLE table_name, DESCRIPTOR(timecol), datetime interval step, datetime interval size"
          + "[, datetime interval offset])";
    }
  }
}
