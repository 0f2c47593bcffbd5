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
}
