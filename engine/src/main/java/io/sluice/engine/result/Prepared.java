package io.sluice.engine.result;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import java.util.List;

/** A statement parsed and analysed once, run many times with different parameter values. */
public interface Prepared {
  /** Types of the {@code ?} parameters, in order of appearance. */
  List<DataType> parameterTypes();

  /** Columns of the rows the statement returns, or null when it returns none or they are known only on execution. */
  default TableSchema resultSchema() {
    return null;
  }

  /** Runs the statement with the given parameter values (Java objects, as JDBC setObject takes them). */
  StatementResult execute(List<Object> parameters);

  /** What runs around each execution of a prepared statement: a check before it, errors mapped after. */
  @FunctionalInterface
  interface Around {
    StatementResult execute(Prepared inner, List<Object> parameters);
  }

  /** {@code inner} with the same parameter and result types, each execution going through {@code around}. */
  static Prepared around(Prepared inner, Around around) {
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return inner.parameterTypes();
      }

      @Override
      public TableSchema resultSchema() {
        return inner.resultSchema();
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        return around.execute(inner, parameters);
      }
    };
  }
}
